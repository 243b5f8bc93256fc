import { createRequire as __fgCreateRequire } from 'node:module'; const require = __fgCreateRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// node_modules/xmlchars/xml/1.0/ed5.js
var require_ed5 = __commonJS({
  "node_modules/xmlchars/xml/1.0/ed5.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CHAR = "	\n\r -\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}";
    exports.S = " 	\r\n";
    exports.NAME_START_CHAR = ":A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NAME_CHAR = "-" + exports.NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.CHAR_RE = new RegExp("^[" + exports.CHAR + "]$", "u");
    exports.S_RE = new RegExp("^[" + exports.S + "]+$", "u");
    exports.NAME_START_CHAR_RE = new RegExp("^[" + exports.NAME_START_CHAR + "]$", "u");
    exports.NAME_CHAR_RE = new RegExp("^[" + exports.NAME_CHAR + "]$", "u");
    exports.NAME_RE = new RegExp("^[" + exports.NAME_START_CHAR + "][" + exports.NAME_CHAR + "]*$", "u");
    exports.NMTOKEN_RE = new RegExp("^[" + exports.NAME_CHAR + "]+$", "u");
    var TAB = 9;
    var NL = 10;
    var CR = 13;
    var SPACE = 32;
    exports.S_LIST = [SPACE, NL, CR, TAB];
    function isChar2(c) {
      return c >= SPACE && c <= 55295 || c === NL || c === CR || c === TAB || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isChar = isChar2;
    function isS(c) {
      return c === SPACE || c === NL || c === CR || c === TAB;
    }
    exports.isS = isS;
    function isNameStartChar(c) {
      return c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 58 || c === 95 || c === 8204 || c === 8205 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNameStartChar = isNameStartChar;
    function isNameChar(c) {
      return isNameStartChar(c) || c >= 48 && c <= 57 || c === 45 || c === 46 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256;
    }
    exports.isNameChar = isNameChar;
  }
});

// node_modules/xmlchars/xml/1.1/ed2.js
var require_ed2 = __commonJS({
  "node_modules/xmlchars/xml/1.1/ed2.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.CHAR = "-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}";
    exports.RESTRICTED_CHAR = "-\b\v\f-\x7F-\x84\x86-\x9F";
    exports.S = " 	\r\n";
    exports.NAME_START_CHAR = ":A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NAME_CHAR = "-" + exports.NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.CHAR_RE = new RegExp("^[" + exports.CHAR + "]$", "u");
    exports.RESTRICTED_CHAR_RE = new RegExp("^[" + exports.RESTRICTED_CHAR + "]$", "u");
    exports.S_RE = new RegExp("^[" + exports.S + "]+$", "u");
    exports.NAME_START_CHAR_RE = new RegExp("^[" + exports.NAME_START_CHAR + "]$", "u");
    exports.NAME_CHAR_RE = new RegExp("^[" + exports.NAME_CHAR + "]$", "u");
    exports.NAME_RE = new RegExp("^[" + exports.NAME_START_CHAR + "][" + exports.NAME_CHAR + "]*$", "u");
    exports.NMTOKEN_RE = new RegExp("^[" + exports.NAME_CHAR + "]+$", "u");
    var TAB = 9;
    var NL = 10;
    var CR = 13;
    var SPACE = 32;
    exports.S_LIST = [SPACE, NL, CR, TAB];
    function isChar2(c) {
      return c >= 1 && c <= 55295 || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isChar = isChar2;
    function isRestrictedChar(c) {
      return c >= 1 && c <= 8 || c === 11 || c === 12 || c >= 14 && c <= 31 || c >= 127 && c <= 132 || c >= 134 && c <= 159;
    }
    exports.isRestrictedChar = isRestrictedChar;
    function isCharAndNotRestricted(c) {
      return c === 9 || c === 10 || c === 13 || c > 31 && c < 127 || c === 133 || c > 159 && c <= 55295 || c >= 57344 && c <= 65533 || c >= 65536 && c <= 1114111;
    }
    exports.isCharAndNotRestricted = isCharAndNotRestricted;
    function isS(c) {
      return c === SPACE || c === NL || c === CR || c === TAB;
    }
    exports.isS = isS;
    function isNameStartChar(c) {
      return c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 58 || c === 95 || c === 8204 || c === 8205 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNameStartChar = isNameStartChar;
    function isNameChar(c) {
      return isNameStartChar(c) || c >= 48 && c <= 57 || c === 45 || c === 46 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256;
    }
    exports.isNameChar = isNameChar;
  }
});

// node_modules/xmlchars/xmlns/1.0/ed3.js
var require_ed3 = __commonJS({
  "node_modules/xmlchars/xmlns/1.0/ed3.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.NC_NAME_START_CHAR = "A-Z_a-z\xC0-\xD6\xD8-\xF6\xF8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}";
    exports.NC_NAME_CHAR = "-" + exports.NC_NAME_START_CHAR + ".0-9\xB7\u0300-\u036F\u203F-\u2040";
    exports.NC_NAME_START_CHAR_RE = new RegExp("^[" + exports.NC_NAME_START_CHAR + "]$", "u");
    exports.NC_NAME_CHAR_RE = new RegExp("^[" + exports.NC_NAME_CHAR + "]$", "u");
    exports.NC_NAME_RE = new RegExp("^[" + exports.NC_NAME_START_CHAR + "][" + exports.NC_NAME_CHAR + "]*$", "u");
    function isNCNameStartChar(c) {
      return c >= 65 && c <= 90 || c === 95 || c >= 97 && c <= 122 || c >= 192 && c <= 214 || c >= 216 && c <= 246 || c >= 248 && c <= 767 || c >= 880 && c <= 893 || c >= 895 && c <= 8191 || c >= 8204 && c <= 8205 || c >= 8304 && c <= 8591 || c >= 11264 && c <= 12271 || c >= 12289 && c <= 55295 || c >= 63744 && c <= 64975 || c >= 65008 && c <= 65533 || c >= 65536 && c <= 983039;
    }
    exports.isNCNameStartChar = isNCNameStartChar;
    function isNCNameChar(c) {
      return isNCNameStartChar(c) || (c === 45 || c === 46 || c >= 48 && c <= 57 || c === 183 || c >= 768 && c <= 879 || c >= 8255 && c <= 8256);
    }
    exports.isNCNameChar = isNCNameChar;
  }
});

// node_modules/saxes/saxes.js
var require_saxes = __commonJS({
  "node_modules/saxes/saxes.js"(exports) {
    "use strict";
    Object.defineProperty(exports, "__esModule", { value: true });
    exports.SaxesParser = exports.EVENTS = void 0;
    var ed5 = require_ed5();
    var ed2 = require_ed2();
    var NSed3 = require_ed3();
    var isS = ed5.isS;
    var isChar10 = ed5.isChar;
    var isNameStartChar = ed5.isNameStartChar;
    var isNameChar = ed5.isNameChar;
    var S_LIST = ed5.S_LIST;
    var NAME_RE = ed5.NAME_RE;
    var isChar11 = ed2.isChar;
    var isNCNameStartChar = NSed3.isNCNameStartChar;
    var isNCNameChar = NSed3.isNCNameChar;
    var NC_NAME_RE = NSed3.NC_NAME_RE;
    var XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";
    var XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";
    var rootNS = {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
      __proto__: null,
      xml: XML_NAMESPACE,
      xmlns: XMLNS_NAMESPACE
    };
    var XML_ENTITIES = {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-assignment
      __proto__: null,
      amp: "&",
      gt: ">",
      lt: "<",
      quot: '"',
      apos: "'"
    };
    var EOC = -1;
    var NL_LIKE = -2;
    var S_BEGIN = 0;
    var S_BEGIN_WHITESPACE = 1;
    var S_DOCTYPE = 2;
    var S_DOCTYPE_QUOTE = 3;
    var S_DTD = 4;
    var S_DTD_QUOTED = 5;
    var S_DTD_OPEN_WAKA = 6;
    var S_DTD_OPEN_WAKA_BANG = 7;
    var S_DTD_COMMENT = 8;
    var S_DTD_COMMENT_ENDING = 9;
    var S_DTD_COMMENT_ENDED = 10;
    var S_DTD_PI = 11;
    var S_DTD_PI_ENDING = 12;
    var S_TEXT = 13;
    var S_ENTITY = 14;
    var S_OPEN_WAKA = 15;
    var S_OPEN_WAKA_BANG = 16;
    var S_COMMENT = 17;
    var S_COMMENT_ENDING = 18;
    var S_COMMENT_ENDED = 19;
    var S_CDATA = 20;
    var S_CDATA_ENDING = 21;
    var S_CDATA_ENDING_2 = 22;
    var S_PI_FIRST_CHAR = 23;
    var S_PI_REST = 24;
    var S_PI_BODY = 25;
    var S_PI_ENDING = 26;
    var S_XML_DECL_NAME_START = 27;
    var S_XML_DECL_NAME = 28;
    var S_XML_DECL_EQ = 29;
    var S_XML_DECL_VALUE_START = 30;
    var S_XML_DECL_VALUE = 31;
    var S_XML_DECL_SEPARATOR = 32;
    var S_XML_DECL_ENDING = 33;
    var S_OPEN_TAG = 34;
    var S_OPEN_TAG_SLASH = 35;
    var S_ATTRIB = 36;
    var S_ATTRIB_NAME = 37;
    var S_ATTRIB_NAME_SAW_WHITE = 38;
    var S_ATTRIB_VALUE = 39;
    var S_ATTRIB_VALUE_QUOTED = 40;
    var S_ATTRIB_VALUE_CLOSED = 41;
    var S_ATTRIB_VALUE_UNQUOTED = 42;
    var S_CLOSE_TAG = 43;
    var S_CLOSE_TAG_SAW_WHITE = 44;
    var TAB = 9;
    var NL = 10;
    var CR = 13;
    var SPACE = 32;
    var BANG = 33;
    var DQUOTE = 34;
    var AMP = 38;
    var SQUOTE = 39;
    var MINUS = 45;
    var FORWARD_SLASH = 47;
    var SEMICOLON = 59;
    var LESS = 60;
    var EQUAL = 61;
    var GREATER = 62;
    var QUESTION = 63;
    var OPEN_BRACKET = 91;
    var CLOSE_BRACKET = 93;
    var NEL = 133;
    var LS = 8232;
    var isQuote = (c) => c === DQUOTE || c === SQUOTE;
    var QUOTES = [DQUOTE, SQUOTE];
    var DOCTYPE_TERMINATOR = [...QUOTES, OPEN_BRACKET, GREATER];
    var DTD_TERMINATOR = [...QUOTES, LESS, CLOSE_BRACKET];
    var XML_DECL_NAME_TERMINATOR = [EQUAL, QUESTION, ...S_LIST];
    var ATTRIB_VALUE_UNQUOTED_TERMINATOR = [...S_LIST, GREATER, AMP, LESS];
    function nsPairCheck(parser, prefix, uri) {
      switch (prefix) {
        case "xml":
          if (uri !== XML_NAMESPACE) {
            parser.fail(`xml prefix must be bound to ${XML_NAMESPACE}.`);
          }
          break;
        case "xmlns":
          if (uri !== XMLNS_NAMESPACE) {
            parser.fail(`xmlns prefix must be bound to ${XMLNS_NAMESPACE}.`);
          }
          break;
        default:
      }
      switch (uri) {
        case XMLNS_NAMESPACE:
          parser.fail(prefix === "" ? `the default namespace may not be set to ${uri}.` : `may not assign a prefix (even "xmlns") to the URI ${XMLNS_NAMESPACE}.`);
          break;
        case XML_NAMESPACE:
          switch (prefix) {
            case "xml":
              break;
            case "":
              parser.fail(`the default namespace may not be set to ${uri}.`);
              break;
            default:
              parser.fail("may not assign the xml namespace to another prefix.");
          }
          break;
        default:
      }
    }
    function nsMappingCheck(parser, mapping) {
      for (const local of Object.keys(mapping)) {
        nsPairCheck(parser, local, mapping[local]);
      }
    }
    var isNCName = (name) => NC_NAME_RE.test(name);
    var isName = (name) => NAME_RE.test(name);
    var FORBIDDEN_START = 0;
    var FORBIDDEN_BRACKET = 1;
    var FORBIDDEN_BRACKET_BRACKET = 2;
    exports.EVENTS = [
      "xmldecl",
      "text",
      "processinginstruction",
      "doctype",
      "comment",
      "opentagstart",
      "attribute",
      "opentag",
      "closetag",
      "cdata",
      "error",
      "end",
      "ready"
    ];
    var EVENT_NAME_TO_HANDLER_NAME = {
      xmldecl: "xmldeclHandler",
      text: "textHandler",
      processinginstruction: "piHandler",
      doctype: "doctypeHandler",
      comment: "commentHandler",
      opentagstart: "openTagStartHandler",
      attribute: "attributeHandler",
      opentag: "openTagHandler",
      closetag: "closeTagHandler",
      cdata: "cdataHandler",
      error: "errorHandler",
      end: "endHandler",
      ready: "readyHandler"
    };
    var SaxesParser2 = class {
      /**
       * @param opt The parser options.
       */
      constructor(opt) {
        this.opt = opt !== null && opt !== void 0 ? opt : {};
        this.fragmentOpt = !!this.opt.fragment;
        const xmlnsOpt = this.xmlnsOpt = !!this.opt.xmlns;
        this.trackPosition = this.opt.position !== false;
        this.fileName = this.opt.fileName;
        if (xmlnsOpt) {
          this.nameStartCheck = isNCNameStartChar;
          this.nameCheck = isNCNameChar;
          this.isName = isNCName;
          this.processAttribs = this.processAttribsNS;
          this.pushAttrib = this.pushAttribNS;
          this.ns = Object.assign({ __proto__: null }, rootNS);
          const additional = this.opt.additionalNamespaces;
          if (additional != null) {
            nsMappingCheck(this, additional);
            Object.assign(this.ns, additional);
          }
        } else {
          this.nameStartCheck = isNameStartChar;
          this.nameCheck = isNameChar;
          this.isName = isName;
          this.processAttribs = this.processAttribsPlain;
          this.pushAttrib = this.pushAttribPlain;
        }
        this.stateTable = [
          /* eslint-disable @typescript-eslint/unbound-method */
          this.sBegin,
          this.sBeginWhitespace,
          this.sDoctype,
          this.sDoctypeQuote,
          this.sDTD,
          this.sDTDQuoted,
          this.sDTDOpenWaka,
          this.sDTDOpenWakaBang,
          this.sDTDComment,
          this.sDTDCommentEnding,
          this.sDTDCommentEnded,
          this.sDTDPI,
          this.sDTDPIEnding,
          this.sText,
          this.sEntity,
          this.sOpenWaka,
          this.sOpenWakaBang,
          this.sComment,
          this.sCommentEnding,
          this.sCommentEnded,
          this.sCData,
          this.sCDataEnding,
          this.sCDataEnding2,
          this.sPIFirstChar,
          this.sPIRest,
          this.sPIBody,
          this.sPIEnding,
          this.sXMLDeclNameStart,
          this.sXMLDeclName,
          this.sXMLDeclEq,
          this.sXMLDeclValueStart,
          this.sXMLDeclValue,
          this.sXMLDeclSeparator,
          this.sXMLDeclEnding,
          this.sOpenTag,
          this.sOpenTagSlash,
          this.sAttrib,
          this.sAttribName,
          this.sAttribNameSawWhite,
          this.sAttribValue,
          this.sAttribValueQuoted,
          this.sAttribValueClosed,
          this.sAttribValueUnquoted,
          this.sCloseTag,
          this.sCloseTagSawWhite
          /* eslint-enable @typescript-eslint/unbound-method */
        ];
        this._init();
      }
      /**
       * Indicates whether or not the parser is closed. If ``true``, wait for
       * the ``ready`` event to write again.
       */
      get closed() {
        return this._closed;
      }
      _init() {
        var _a;
        this.openWakaBang = "";
        this.text = "";
        this.name = "";
        this.piTarget = "";
        this.entity = "";
        this.q = null;
        this.tags = [];
        this.tag = null;
        this.topNS = null;
        this.chunk = "";
        this.chunkPosition = 0;
        this.i = 0;
        this.prevI = 0;
        this.carriedFromPrevious = void 0;
        this.forbiddenState = FORBIDDEN_START;
        this.attribList = [];
        const { fragmentOpt } = this;
        this.state = fragmentOpt ? S_TEXT : S_BEGIN;
        this.reportedTextBeforeRoot = this.reportedTextAfterRoot = this.closedRoot = this.sawRoot = fragmentOpt;
        this.xmlDeclPossible = !fragmentOpt;
        this.xmlDeclExpects = ["version"];
        this.entityReturnState = void 0;
        let { defaultXMLVersion } = this.opt;
        if (defaultXMLVersion === void 0) {
          if (this.opt.forceXMLVersion === true) {
            throw new Error("forceXMLVersion set but defaultXMLVersion is not set");
          }
          defaultXMLVersion = "1.0";
        }
        this.setXMLVersion(defaultXMLVersion);
        this.positionAtNewLine = 0;
        this.doctype = false;
        this._closed = false;
        this.xmlDecl = {
          version: void 0,
          encoding: void 0,
          standalone: void 0
        };
        this.line = 1;
        this.column = 0;
        this.ENTITIES = Object.create(XML_ENTITIES);
        (_a = this.readyHandler) === null || _a === void 0 ? void 0 : _a.call(this);
      }
      /**
       * The stream position the parser is currently looking at. This field is
       * zero-based.
       *
       * This field is not based on counting Unicode characters but is to be
       * interpreted as a plain index into a JavaScript string.
       */
      get position() {
        return this.chunkPosition + this.i;
      }
      /**
       * The column number of the next character to be read by the parser.  *
       * This field is zero-based. (The first column in a line is 0.)
       *
       * This field reports the index at which the next character would be in the
       * line if the line were represented as a JavaScript string.  Note that this
       * *can* be different to a count based on the number of *Unicode characters*
       * due to how JavaScript handles astral plane characters.
       *
       * See [[column]] for a number that corresponds to a count of Unicode
       * characters.
       */
      get columnIndex() {
        return this.position - this.positionAtNewLine;
      }
      /**
       * Set an event listener on an event. The parser supports one handler per
       * event type. If you try to set an event handler over an existing handler,
       * the old handler is silently overwritten.
       *
       * @param name The event to listen to.
       *
       * @param handler The handler to set.
       */
      on(name, handler) {
        this[EVENT_NAME_TO_HANDLER_NAME[name]] = handler;
      }
      /**
       * Unset an event handler.
       *
       * @parma name The event to stop listening to.
       */
      off(name) {
        this[EVENT_NAME_TO_HANDLER_NAME[name]] = void 0;
      }
      /**
       * Make an error object. The error object will have a message that contains
       * the ``fileName`` option passed at the creation of the parser. If position
       * tracking was turned on, it will also have line and column number
       * information.
       *
       * @param message The message describing the error to report.
       *
       * @returns An error object with a properly formatted message.
       */
      makeError(message) {
        var _a;
        let msg = (_a = this.fileName) !== null && _a !== void 0 ? _a : "";
        if (this.trackPosition) {
          if (msg.length > 0) {
            msg += ":";
          }
          msg += `${this.line}:${this.column}`;
        }
        if (msg.length > 0) {
          msg += ": ";
        }
        return new Error(msg + message);
      }
      /**
       * Report a parsing error. This method is made public so that client code may
       * check for issues that are outside the scope of this project and can report
       * errors.
       *
       * @param message The error to report.
       *
       * @returns this
       */
      fail(message) {
        const err = this.makeError(message);
        const handler = this.errorHandler;
        if (handler === void 0) {
          throw err;
        } else {
          handler(err);
        }
        return this;
      }
      /**
       * Write a XML data to the parser.
       *
       * @param chunk The XML data to write.
       *
       * @returns this
       */
      // We do need object for the type here. Yes, it often causes problems
      // but not in this case.
      write(chunk) {
        if (this.closed) {
          return this.fail("cannot write after close; assign an onready handler.");
        }
        let end = false;
        if (chunk === null) {
          end = true;
          chunk = "";
        } else if (typeof chunk === "object") {
          chunk = chunk.toString();
        }
        if (this.carriedFromPrevious !== void 0) {
          chunk = `${this.carriedFromPrevious}${chunk}`;
          this.carriedFromPrevious = void 0;
        }
        let limit = chunk.length;
        const lastCode = chunk.charCodeAt(limit - 1);
        if (!end && // A trailing CR or surrogate must be carried over to the next
        // chunk.
        (lastCode === CR || lastCode >= 55296 && lastCode <= 56319)) {
          this.carriedFromPrevious = chunk[limit - 1];
          limit--;
          chunk = chunk.slice(0, limit);
        }
        const { stateTable } = this;
        this.chunk = chunk;
        this.i = 0;
        while (this.i < limit) {
          stateTable[this.state].call(this);
        }
        this.chunkPosition += limit;
        return end ? this.end() : this;
      }
      /**
       * Close the current stream. Perform final well-formedness checks and reset
       * the parser tstate.
       *
       * @returns this
       */
      close() {
        return this.write(null);
      }
      /**
       * Get a single code point out of the current chunk. This updates the current
       * position if we do position tracking.
       *
       * This is the algorithm to use for XML 1.0.
       *
       * @returns The character read.
       */
      getCode10() {
        const { chunk, i } = this;
        this.prevI = i;
        this.i = i + 1;
        if (i >= chunk.length) {
          return EOC;
        }
        const code = chunk.charCodeAt(i);
        this.column++;
        if (code < 55296) {
          if (code >= SPACE || code === TAB) {
            return code;
          }
          switch (code) {
            case NL:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL;
            case CR:
              if (chunk.charCodeAt(i + 1) === NL) {
                this.i = i + 2;
              }
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL_LIKE;
            default:
              this.fail("disallowed character.");
              return code;
          }
        }
        if (code > 56319) {
          if (!(code >= 57344 && code <= 65533)) {
            this.fail("disallowed character.");
          }
          return code;
        }
        const final = 65536 + (code - 55296) * 1024 + (chunk.charCodeAt(i + 1) - 56320);
        this.i = i + 2;
        if (final > 1114111) {
          this.fail("disallowed character.");
        }
        return final;
      }
      /**
       * Get a single code point out of the current chunk. This updates the current
       * position if we do position tracking.
       *
       * This is the algorithm to use for XML 1.1.
       *
       * @returns {number} The character read.
       */
      getCode11() {
        const { chunk, i } = this;
        this.prevI = i;
        this.i = i + 1;
        if (i >= chunk.length) {
          return EOC;
        }
        const code = chunk.charCodeAt(i);
        this.column++;
        if (code < 55296) {
          if (code > 31 && code < 127 || code > 159 && code !== LS || code === TAB) {
            return code;
          }
          switch (code) {
            case NL:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL;
            case CR: {
              const next = chunk.charCodeAt(i + 1);
              if (next === NL || next === NEL) {
                this.i = i + 2;
              }
            }
            /* yes, fall through */
            case NEL:
            // 0x85
            case LS:
              this.line++;
              this.column = 0;
              this.positionAtNewLine = this.position;
              return NL_LIKE;
            default:
              this.fail("disallowed character.");
              return code;
          }
        }
        if (code > 56319) {
          if (!(code >= 57344 && code <= 65533)) {
            this.fail("disallowed character.");
          }
          return code;
        }
        const final = 65536 + (code - 55296) * 1024 + (chunk.charCodeAt(i + 1) - 56320);
        this.i = i + 2;
        if (final > 1114111) {
          this.fail("disallowed character.");
        }
        return final;
      }
      /**
       * Like ``getCode`` but with the return value normalized so that ``NL`` is
       * returned for ``NL_LIKE``.
       */
      getCodeNorm() {
        const c = this.getCode();
        return c === NL_LIKE ? NL : c;
      }
      unget() {
        this.i = this.prevI;
        this.column--;
      }
      /**
       * Capture characters into a buffer until encountering one of a set of
       * characters.
       *
       * @param chars An array of codepoints. Encountering a character in the array
       * ends the capture. (``chars`` may safely contain ``NL``.)
       *
       * @return The character code that made the capture end, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      captureTo(chars) {
        let { i: start } = this;
        const { chunk } = this;
        while (true) {
          const c = this.getCode();
          const isNLLike = c === NL_LIKE;
          const final = isNLLike ? NL : c;
          if (final === EOC || chars.includes(final)) {
            this.text += chunk.slice(start, this.prevI);
            return final;
          }
          if (isNLLike) {
            this.text += `${chunk.slice(start, this.prevI)}
`;
            start = this.i;
          }
        }
      }
      /**
       * Capture characters into a buffer until encountering a character.
       *
       * @param char The codepoint that ends the capture. **NOTE ``char`` MAY NOT
       * CONTAIN ``NL``.** Passing ``NL`` will result in buggy behavior.
       *
       * @return ``true`` if we ran into the character. Otherwise, we ran into the
       * end of the current chunk.
       */
      captureToChar(char) {
        let { i: start } = this;
        const { chunk } = this;
        while (true) {
          let c = this.getCode();
          switch (c) {
            case NL_LIKE:
              this.text += `${chunk.slice(start, this.prevI)}
`;
              start = this.i;
              c = NL;
              break;
            case EOC:
              this.text += chunk.slice(start);
              return false;
            default:
          }
          if (c === char) {
            this.text += chunk.slice(start, this.prevI);
            return true;
          }
        }
      }
      /**
       * Capture characters that satisfy ``isNameChar`` into the ``name`` field of
       * this parser.
       *
       * @return The character code that made the test fail, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      captureNameChars() {
        const { chunk, i: start } = this;
        while (true) {
          const c = this.getCode();
          if (c === EOC) {
            this.name += chunk.slice(start);
            return EOC;
          }
          if (!isNameChar(c)) {
            this.name += chunk.slice(start, this.prevI);
            return c === NL_LIKE ? NL : c;
          }
        }
      }
      /**
       * Skip white spaces.
       *
       * @return The character that ended the skip, or ``EOC`` if we hit
       * the end of the chunk. The return value cannot be NL_LIKE: NL is returned
       * instead.
       */
      skipSpaces() {
        while (true) {
          const c = this.getCodeNorm();
          if (c === EOC || !isS(c)) {
            return c;
          }
        }
      }
      setXMLVersion(version) {
        this.currentXMLVersion = version;
        if (version === "1.0") {
          this.isChar = isChar10;
          this.getCode = this.getCode10;
        } else {
          this.isChar = isChar11;
          this.getCode = this.getCode11;
        }
      }
      // STATE ENGINE METHODS
      // This needs to be a state separate from S_BEGIN_WHITESPACE because we want
      // to be sure never to come back to this state later.
      sBegin() {
        if (this.chunk.charCodeAt(0) === 65279) {
          this.i++;
          this.column++;
        }
        this.state = S_BEGIN_WHITESPACE;
      }
      sBeginWhitespace() {
        const iBefore = this.i;
        const c = this.skipSpaces();
        if (this.prevI !== iBefore) {
          this.xmlDeclPossible = false;
        }
        switch (c) {
          case LESS:
            this.state = S_OPEN_WAKA;
            if (this.text.length !== 0) {
              throw new Error("no-empty text at start");
            }
            break;
          case EOC:
            break;
          default:
            this.unget();
            this.state = S_TEXT;
            this.xmlDeclPossible = false;
        }
      }
      sDoctype() {
        var _a;
        const c = this.captureTo(DOCTYPE_TERMINATOR);
        switch (c) {
          case GREATER: {
            (_a = this.doctypeHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
            this.text = "";
            this.state = S_TEXT;
            this.doctype = true;
            break;
          }
          case EOC:
            break;
          default:
            this.text += String.fromCodePoint(c);
            if (c === OPEN_BRACKET) {
              this.state = S_DTD;
            } else if (isQuote(c)) {
              this.state = S_DOCTYPE_QUOTE;
              this.q = c;
            }
        }
      }
      sDoctypeQuote() {
        const q = this.q;
        if (this.captureToChar(q)) {
          this.text += String.fromCodePoint(q);
          this.q = null;
          this.state = S_DOCTYPE;
        }
      }
      sDTD() {
        const c = this.captureTo(DTD_TERMINATOR);
        if (c === EOC) {
          return;
        }
        this.text += String.fromCodePoint(c);
        if (c === CLOSE_BRACKET) {
          this.state = S_DOCTYPE;
        } else if (c === LESS) {
          this.state = S_DTD_OPEN_WAKA;
        } else if (isQuote(c)) {
          this.state = S_DTD_QUOTED;
          this.q = c;
        }
      }
      sDTDQuoted() {
        const q = this.q;
        if (this.captureToChar(q)) {
          this.text += String.fromCodePoint(q);
          this.state = S_DTD;
          this.q = null;
        }
      }
      sDTDOpenWaka() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        switch (c) {
          case BANG:
            this.state = S_DTD_OPEN_WAKA_BANG;
            this.openWakaBang = "";
            break;
          case QUESTION:
            this.state = S_DTD_PI;
            break;
          default:
            this.state = S_DTD;
        }
      }
      sDTDOpenWakaBang() {
        const char = String.fromCodePoint(this.getCodeNorm());
        const owb = this.openWakaBang += char;
        this.text += char;
        if (owb !== "-") {
          this.state = owb === "--" ? S_DTD_COMMENT : S_DTD;
          this.openWakaBang = "";
        }
      }
      sDTDComment() {
        if (this.captureToChar(MINUS)) {
          this.text += "-";
          this.state = S_DTD_COMMENT_ENDING;
        }
      }
      sDTDCommentEnding() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        this.state = c === MINUS ? S_DTD_COMMENT_ENDED : S_DTD_COMMENT;
      }
      sDTDCommentEnded() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        if (c === GREATER) {
          this.state = S_DTD;
        } else {
          this.fail("malformed comment.");
          this.state = S_DTD_COMMENT;
        }
      }
      sDTDPI() {
        if (this.captureToChar(QUESTION)) {
          this.text += "?";
          this.state = S_DTD_PI_ENDING;
        }
      }
      sDTDPIEnding() {
        const c = this.getCodeNorm();
        this.text += String.fromCodePoint(c);
        if (c === GREATER) {
          this.state = S_DTD;
        }
      }
      sText() {
        if (this.tags.length !== 0) {
          this.handleTextInRoot();
        } else {
          this.handleTextOutsideRoot();
        }
      }
      sEntity() {
        let { i: start } = this;
        const { chunk } = this;
        loop:
          while (true) {
            switch (this.getCode()) {
              case NL_LIKE:
                this.entity += `${chunk.slice(start, this.prevI)}
`;
                start = this.i;
                break;
              case SEMICOLON: {
                const { entityReturnState } = this;
                const entity = this.entity + chunk.slice(start, this.prevI);
                this.state = entityReturnState;
                let parsed;
                if (entity === "") {
                  this.fail("empty entity name.");
                  parsed = "&;";
                } else {
                  parsed = this.parseEntity(entity);
                  this.entity = "";
                }
                if (entityReturnState !== S_TEXT || this.textHandler !== void 0) {
                  this.text += parsed;
                }
                break loop;
              }
              case EOC:
                this.entity += chunk.slice(start);
                break loop;
              default:
            }
          }
      }
      sOpenWaka() {
        const c = this.getCode();
        if (isNameStartChar(c)) {
          this.state = S_OPEN_TAG;
          this.unget();
          this.xmlDeclPossible = false;
        } else {
          switch (c) {
            case FORWARD_SLASH:
              this.state = S_CLOSE_TAG;
              this.xmlDeclPossible = false;
              break;
            case BANG:
              this.state = S_OPEN_WAKA_BANG;
              this.openWakaBang = "";
              this.xmlDeclPossible = false;
              break;
            case QUESTION:
              this.state = S_PI_FIRST_CHAR;
              break;
            default:
              this.fail("disallowed character in tag name");
              this.state = S_TEXT;
              this.xmlDeclPossible = false;
          }
        }
      }
      sOpenWakaBang() {
        this.openWakaBang += String.fromCodePoint(this.getCodeNorm());
        switch (this.openWakaBang) {
          case "[CDATA[":
            if (!this.sawRoot && !this.reportedTextBeforeRoot) {
              this.fail("text data outside of root node.");
              this.reportedTextBeforeRoot = true;
            }
            if (this.closedRoot && !this.reportedTextAfterRoot) {
              this.fail("text data outside of root node.");
              this.reportedTextAfterRoot = true;
            }
            this.state = S_CDATA;
            this.openWakaBang = "";
            break;
          case "--":
            this.state = S_COMMENT;
            this.openWakaBang = "";
            break;
          case "DOCTYPE":
            this.state = S_DOCTYPE;
            if (this.doctype || this.sawRoot) {
              this.fail("inappropriately located doctype declaration.");
            }
            this.openWakaBang = "";
            break;
          default:
            if (this.openWakaBang.length >= 7) {
              this.fail("incorrect syntax.");
            }
        }
      }
      sComment() {
        if (this.captureToChar(MINUS)) {
          this.state = S_COMMENT_ENDING;
        }
      }
      sCommentEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === MINUS) {
          this.state = S_COMMENT_ENDED;
          (_a = this.commentHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
          this.text = "";
        } else {
          this.text += `-${String.fromCodePoint(c)}`;
          this.state = S_COMMENT;
        }
      }
      sCommentEnded() {
        const c = this.getCodeNorm();
        if (c !== GREATER) {
          this.fail("malformed comment.");
          this.text += `--${String.fromCodePoint(c)}`;
          this.state = S_COMMENT;
        } else {
          this.state = S_TEXT;
        }
      }
      sCData() {
        if (this.captureToChar(CLOSE_BRACKET)) {
          this.state = S_CDATA_ENDING;
        }
      }
      sCDataEnding() {
        const c = this.getCodeNorm();
        if (c === CLOSE_BRACKET) {
          this.state = S_CDATA_ENDING_2;
        } else {
          this.text += `]${String.fromCodePoint(c)}`;
          this.state = S_CDATA;
        }
      }
      sCDataEnding2() {
        var _a;
        const c = this.getCodeNorm();
        switch (c) {
          case GREATER: {
            (_a = this.cdataHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.text);
            this.text = "";
            this.state = S_TEXT;
            break;
          }
          case CLOSE_BRACKET:
            this.text += "]";
            break;
          default:
            this.text += `]]${String.fromCodePoint(c)}`;
            this.state = S_CDATA;
        }
      }
      // We need this separate state to check the first character fo the pi target
      // with this.nameStartCheck which allows less characters than this.nameCheck.
      sPIFirstChar() {
        const c = this.getCodeNorm();
        if (this.nameStartCheck(c)) {
          this.piTarget += String.fromCodePoint(c);
          this.state = S_PI_REST;
        } else if (c === QUESTION || isS(c)) {
          this.fail("processing instruction without a target.");
          this.state = c === QUESTION ? S_PI_ENDING : S_PI_BODY;
        } else {
          this.fail("disallowed character in processing instruction name.");
          this.piTarget += String.fromCodePoint(c);
          this.state = S_PI_REST;
        }
      }
      sPIRest() {
        const { chunk, i: start } = this;
        while (true) {
          const c = this.getCodeNorm();
          if (c === EOC) {
            this.piTarget += chunk.slice(start);
            return;
          }
          if (!this.nameCheck(c)) {
            this.piTarget += chunk.slice(start, this.prevI);
            const isQuestion = c === QUESTION;
            if (isQuestion || isS(c)) {
              if (this.piTarget === "xml") {
                if (!this.xmlDeclPossible) {
                  this.fail("an XML declaration must be at the start of the document.");
                }
                this.state = isQuestion ? S_XML_DECL_ENDING : S_XML_DECL_NAME_START;
              } else {
                this.state = isQuestion ? S_PI_ENDING : S_PI_BODY;
              }
            } else {
              this.fail("disallowed character in processing instruction name.");
              this.piTarget += String.fromCodePoint(c);
            }
            break;
          }
        }
      }
      sPIBody() {
        if (this.text.length === 0) {
          const c = this.getCodeNorm();
          if (c === QUESTION) {
            this.state = S_PI_ENDING;
          } else if (!isS(c)) {
            this.text = String.fromCodePoint(c);
          }
        } else if (this.captureToChar(QUESTION)) {
          this.state = S_PI_ENDING;
        }
      }
      sPIEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === GREATER) {
          const { piTarget } = this;
          if (piTarget.toLowerCase() === "xml") {
            this.fail("the XML declaration must appear at the start of the document.");
          }
          (_a = this.piHandler) === null || _a === void 0 ? void 0 : _a.call(this, {
            target: piTarget,
            body: this.text
          });
          this.piTarget = this.text = "";
          this.state = S_TEXT;
        } else if (c === QUESTION) {
          this.text += "?";
        } else {
          this.text += `?${String.fromCodePoint(c)}`;
          this.state = S_PI_BODY;
        }
        this.xmlDeclPossible = false;
      }
      sXMLDeclNameStart() {
        const c = this.skipSpaces();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          return;
        }
        if (c !== EOC) {
          this.state = S_XML_DECL_NAME;
          this.name = String.fromCodePoint(c);
        }
      }
      sXMLDeclName() {
        const c = this.captureTo(XML_DECL_NAME_TERMINATOR);
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.name += this.text;
          this.text = "";
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (!(isS(c) || c === EQUAL)) {
          return;
        }
        this.name += this.text;
        this.text = "";
        if (!this.xmlDeclExpects.includes(this.name)) {
          switch (this.name.length) {
            case 0:
              this.fail("did not expect any more name/value pairs.");
              break;
            case 1:
              this.fail(`expected the name ${this.xmlDeclExpects[0]}.`);
              break;
            default:
              this.fail(`expected one of ${this.xmlDeclExpects.join(", ")}`);
          }
        }
        this.state = c === EQUAL ? S_XML_DECL_VALUE_START : S_XML_DECL_EQ;
      }
      sXMLDeclEq() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (isS(c)) {
          return;
        }
        if (c !== EQUAL) {
          this.fail("value required.");
        }
        this.state = S_XML_DECL_VALUE_START;
      }
      sXMLDeclValueStart() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (isS(c)) {
          return;
        }
        if (!isQuote(c)) {
          this.fail("value must be quoted.");
          this.q = SPACE;
        } else {
          this.q = c;
        }
        this.state = S_XML_DECL_VALUE;
      }
      sXMLDeclValue() {
        const c = this.captureTo([this.q, QUESTION]);
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          this.text = "";
          this.fail("XML declaration is incomplete.");
          return;
        }
        if (c === EOC) {
          return;
        }
        const value = this.text;
        this.text = "";
        switch (this.name) {
          case "version": {
            this.xmlDeclExpects = ["encoding", "standalone"];
            const version = value;
            this.xmlDecl.version = version;
            if (!/^1\.[0-9]+$/.test(version)) {
              this.fail("version number must match /^1\\.[0-9]+$/.");
            } else if (!this.opt.forceXMLVersion) {
              this.setXMLVersion(version);
            }
            break;
          }
          case "encoding":
            if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(value)) {
              this.fail("encoding value must match /^[A-Za-z0-9][A-Za-z0-9._-]*$/.");
            }
            this.xmlDeclExpects = ["standalone"];
            this.xmlDecl.encoding = value;
            break;
          case "standalone":
            if (value !== "yes" && value !== "no") {
              this.fail('standalone value must match "yes" or "no".');
            }
            this.xmlDeclExpects = [];
            this.xmlDecl.standalone = value;
            break;
          default:
        }
        this.name = "";
        this.state = S_XML_DECL_SEPARATOR;
      }
      sXMLDeclSeparator() {
        const c = this.getCodeNorm();
        if (c === QUESTION) {
          this.state = S_XML_DECL_ENDING;
          return;
        }
        if (!isS(c)) {
          this.fail("whitespace required.");
          this.unget();
        }
        this.state = S_XML_DECL_NAME_START;
      }
      sXMLDeclEnding() {
        var _a;
        const c = this.getCodeNorm();
        if (c === GREATER) {
          if (this.piTarget !== "xml") {
            this.fail("processing instructions are not allowed before root.");
          } else if (this.name !== "version" && this.xmlDeclExpects.includes("version")) {
            this.fail("XML declaration must contain a version.");
          }
          (_a = this.xmldeclHandler) === null || _a === void 0 ? void 0 : _a.call(this, this.xmlDecl);
          this.name = "";
          this.piTarget = this.text = "";
          this.state = S_TEXT;
        } else {
          this.fail("The character ? is disallowed anywhere in XML declarations.");
        }
        this.xmlDeclPossible = false;
      }
      sOpenTag() {
        var _a;
        const c = this.captureNameChars();
        if (c === EOC) {
          return;
        }
        const tag = this.tag = {
          name: this.name,
          attributes: /* @__PURE__ */ Object.create(null)
        };
        this.name = "";
        if (this.xmlnsOpt) {
          this.topNS = tag.ns = /* @__PURE__ */ Object.create(null);
        }
        (_a = this.openTagStartHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        this.sawRoot = true;
        if (!this.fragmentOpt && this.closedRoot) {
          this.fail("documents may contain only one root.");
        }
        switch (c) {
          case GREATER:
            this.openTag();
            break;
          case FORWARD_SLASH:
            this.state = S_OPEN_TAG_SLASH;
            break;
          default:
            if (!isS(c)) {
              this.fail("disallowed character in tag name.");
            }
            this.state = S_ATTRIB;
        }
      }
      sOpenTagSlash() {
        if (this.getCode() === GREATER) {
          this.openSelfClosingTag();
        } else {
          this.fail("forward-slash in opening tag not followed by >.");
          this.state = S_ATTRIB;
        }
      }
      sAttrib() {
        const c = this.skipSpaces();
        if (c === EOC) {
          return;
        }
        if (isNameStartChar(c)) {
          this.unget();
          this.state = S_ATTRIB_NAME;
        } else if (c === GREATER) {
          this.openTag();
        } else if (c === FORWARD_SLASH) {
          this.state = S_OPEN_TAG_SLASH;
        } else {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribName() {
        const c = this.captureNameChars();
        if (c === EQUAL) {
          this.state = S_ATTRIB_VALUE;
        } else if (isS(c)) {
          this.state = S_ATTRIB_NAME_SAW_WHITE;
        } else if (c === GREATER) {
          this.fail("attribute without value.");
          this.pushAttrib(this.name, this.name);
          this.name = this.text = "";
          this.openTag();
        } else if (c !== EOC) {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribNameSawWhite() {
        const c = this.skipSpaces();
        switch (c) {
          case EOC:
            return;
          case EQUAL:
            this.state = S_ATTRIB_VALUE;
            break;
          default:
            this.fail("attribute without value.");
            this.text = "";
            this.name = "";
            if (c === GREATER) {
              this.openTag();
            } else if (isNameStartChar(c)) {
              this.unget();
              this.state = S_ATTRIB_NAME;
            } else {
              this.fail("disallowed character in attribute name.");
              this.state = S_ATTRIB;
            }
        }
      }
      sAttribValue() {
        const c = this.getCodeNorm();
        if (isQuote(c)) {
          this.q = c;
          this.state = S_ATTRIB_VALUE_QUOTED;
        } else if (!isS(c)) {
          this.fail("unquoted attribute value.");
          this.state = S_ATTRIB_VALUE_UNQUOTED;
          this.unget();
        }
      }
      sAttribValueQuoted() {
        const { q, chunk } = this;
        let { i: start } = this;
        while (true) {
          switch (this.getCode()) {
            case q:
              this.pushAttrib(this.name, this.text + chunk.slice(start, this.prevI));
              this.name = this.text = "";
              this.q = null;
              this.state = S_ATTRIB_VALUE_CLOSED;
              return;
            case AMP:
              this.text += chunk.slice(start, this.prevI);
              this.state = S_ENTITY;
              this.entityReturnState = S_ATTRIB_VALUE_QUOTED;
              return;
            case NL:
            case NL_LIKE:
            case TAB:
              this.text += `${chunk.slice(start, this.prevI)} `;
              start = this.i;
              break;
            case LESS:
              this.text += chunk.slice(start, this.prevI);
              this.fail("disallowed character.");
              return;
            case EOC:
              this.text += chunk.slice(start);
              return;
            default:
          }
        }
      }
      sAttribValueClosed() {
        const c = this.getCodeNorm();
        if (isS(c)) {
          this.state = S_ATTRIB;
        } else if (c === GREATER) {
          this.openTag();
        } else if (c === FORWARD_SLASH) {
          this.state = S_OPEN_TAG_SLASH;
        } else if (isNameStartChar(c)) {
          this.fail("no whitespace between attributes.");
          this.unget();
          this.state = S_ATTRIB_NAME;
        } else {
          this.fail("disallowed character in attribute name.");
        }
      }
      sAttribValueUnquoted() {
        const c = this.captureTo(ATTRIB_VALUE_UNQUOTED_TERMINATOR);
        switch (c) {
          case AMP:
            this.state = S_ENTITY;
            this.entityReturnState = S_ATTRIB_VALUE_UNQUOTED;
            break;
          case LESS:
            this.fail("disallowed character.");
            break;
          case EOC:
            break;
          default:
            if (this.text.includes("]]>")) {
              this.fail('the string "]]>" is disallowed in char data.');
            }
            this.pushAttrib(this.name, this.text);
            this.name = this.text = "";
            if (c === GREATER) {
              this.openTag();
            } else {
              this.state = S_ATTRIB;
            }
        }
      }
      sCloseTag() {
        const c = this.captureNameChars();
        if (c === GREATER) {
          this.closeTag();
        } else if (isS(c)) {
          this.state = S_CLOSE_TAG_SAW_WHITE;
        } else if (c !== EOC) {
          this.fail("disallowed character in closing tag.");
        }
      }
      sCloseTagSawWhite() {
        switch (this.skipSpaces()) {
          case GREATER:
            this.closeTag();
            break;
          case EOC:
            break;
          default:
            this.fail("disallowed character in closing tag.");
        }
      }
      // END OF STATE ENGINE METHODS
      handleTextInRoot() {
        let { i: start, forbiddenState } = this;
        const { chunk, textHandler: handler } = this;
        scanLoop:
          while (true) {
            switch (this.getCode()) {
              case LESS: {
                this.state = S_OPEN_WAKA;
                if (handler !== void 0) {
                  const { text } = this;
                  const slice = chunk.slice(start, this.prevI);
                  if (text.length !== 0) {
                    handler(text + slice);
                    this.text = "";
                  } else if (slice.length !== 0) {
                    handler(slice);
                  }
                }
                forbiddenState = FORBIDDEN_START;
                break scanLoop;
              }
              case AMP:
                this.state = S_ENTITY;
                this.entityReturnState = S_TEXT;
                if (handler !== void 0) {
                  this.text += chunk.slice(start, this.prevI);
                }
                forbiddenState = FORBIDDEN_START;
                break scanLoop;
              case CLOSE_BRACKET:
                switch (forbiddenState) {
                  case FORBIDDEN_START:
                    forbiddenState = FORBIDDEN_BRACKET;
                    break;
                  case FORBIDDEN_BRACKET:
                    forbiddenState = FORBIDDEN_BRACKET_BRACKET;
                    break;
                  case FORBIDDEN_BRACKET_BRACKET:
                    break;
                  default:
                    throw new Error("impossible state");
                }
                break;
              case GREATER:
                if (forbiddenState === FORBIDDEN_BRACKET_BRACKET) {
                  this.fail('the string "]]>" is disallowed in char data.');
                }
                forbiddenState = FORBIDDEN_START;
                break;
              case NL_LIKE:
                if (handler !== void 0) {
                  this.text += `${chunk.slice(start, this.prevI)}
`;
                }
                start = this.i;
                forbiddenState = FORBIDDEN_START;
                break;
              case EOC:
                if (handler !== void 0) {
                  this.text += chunk.slice(start);
                }
                break scanLoop;
              default:
                forbiddenState = FORBIDDEN_START;
            }
          }
        this.forbiddenState = forbiddenState;
      }
      handleTextOutsideRoot() {
        let { i: start } = this;
        const { chunk, textHandler: handler } = this;
        let nonSpace = false;
        outRootLoop:
          while (true) {
            const code = this.getCode();
            switch (code) {
              case LESS: {
                this.state = S_OPEN_WAKA;
                if (handler !== void 0) {
                  const { text } = this;
                  const slice = chunk.slice(start, this.prevI);
                  if (text.length !== 0) {
                    handler(text + slice);
                    this.text = "";
                  } else if (slice.length !== 0) {
                    handler(slice);
                  }
                }
                break outRootLoop;
              }
              case AMP:
                this.state = S_ENTITY;
                this.entityReturnState = S_TEXT;
                if (handler !== void 0) {
                  this.text += chunk.slice(start, this.prevI);
                }
                nonSpace = true;
                break outRootLoop;
              case NL_LIKE:
                if (handler !== void 0) {
                  this.text += `${chunk.slice(start, this.prevI)}
`;
                }
                start = this.i;
                break;
              case EOC:
                if (handler !== void 0) {
                  this.text += chunk.slice(start);
                }
                break outRootLoop;
              default:
                if (!isS(code)) {
                  nonSpace = true;
                }
            }
          }
        if (!nonSpace) {
          return;
        }
        if (!this.sawRoot && !this.reportedTextBeforeRoot) {
          this.fail("text data outside of root node.");
          this.reportedTextBeforeRoot = true;
        }
        if (this.closedRoot && !this.reportedTextAfterRoot) {
          this.fail("text data outside of root node.");
          this.reportedTextAfterRoot = true;
        }
      }
      pushAttribNS(name, value) {
        var _a;
        const { prefix, local } = this.qname(name);
        const attr = { name, prefix, local, value };
        this.attribList.push(attr);
        (_a = this.attributeHandler) === null || _a === void 0 ? void 0 : _a.call(this, attr);
        if (prefix === "xmlns") {
          const trimmed = value.trim();
          if (this.currentXMLVersion === "1.0" && trimmed === "") {
            this.fail("invalid attempt to undefine prefix in XML 1.0");
          }
          this.topNS[local] = trimmed;
          nsPairCheck(this, local, trimmed);
        } else if (name === "xmlns") {
          const trimmed = value.trim();
          this.topNS[""] = trimmed;
          nsPairCheck(this, "", trimmed);
        }
      }
      pushAttribPlain(name, value) {
        var _a;
        const attr = { name, value };
        this.attribList.push(attr);
        (_a = this.attributeHandler) === null || _a === void 0 ? void 0 : _a.call(this, attr);
      }
      /**
       * End parsing. This performs final well-formedness checks and resets the
       * parser to a clean state.
       *
       * @returns this
       */
      end() {
        var _a, _b;
        if (!this.sawRoot) {
          this.fail("document must contain a root element.");
        }
        const { tags } = this;
        while (tags.length > 0) {
          const tag = tags.pop();
          this.fail(`unclosed tag: ${tag.name}`);
        }
        if (this.state !== S_BEGIN && this.state !== S_TEXT) {
          this.fail("unexpected end.");
        }
        const { text } = this;
        if (text.length !== 0) {
          (_a = this.textHandler) === null || _a === void 0 ? void 0 : _a.call(this, text);
          this.text = "";
        }
        this._closed = true;
        (_b = this.endHandler) === null || _b === void 0 ? void 0 : _b.call(this);
        this._init();
        return this;
      }
      /**
       * Resolve a namespace prefix.
       *
       * @param prefix The prefix to resolve.
       *
       * @returns The namespace URI or ``undefined`` if the prefix is not defined.
       */
      resolve(prefix) {
        var _a, _b;
        let uri = this.topNS[prefix];
        if (uri !== void 0) {
          return uri;
        }
        const { tags } = this;
        for (let index = tags.length - 1; index >= 0; index--) {
          uri = tags[index].ns[prefix];
          if (uri !== void 0) {
            return uri;
          }
        }
        uri = this.ns[prefix];
        if (uri !== void 0) {
          return uri;
        }
        return (_b = (_a = this.opt).resolvePrefix) === null || _b === void 0 ? void 0 : _b.call(_a, prefix);
      }
      /**
       * Parse a qname into its prefix and local name parts.
       *
       * @param name The name to parse
       *
       * @returns
       */
      qname(name) {
        const colon = name.indexOf(":");
        if (colon === -1) {
          return { prefix: "", local: name };
        }
        const local = name.slice(colon + 1);
        const prefix = name.slice(0, colon);
        if (prefix === "" || local === "" || local.includes(":")) {
          this.fail(`malformed name: ${name}.`);
        }
        return { prefix, local };
      }
      processAttribsNS() {
        var _a;
        const { attribList } = this;
        const tag = this.tag;
        {
          const { prefix, local } = this.qname(tag.name);
          tag.prefix = prefix;
          tag.local = local;
          const uri = tag.uri = (_a = this.resolve(prefix)) !== null && _a !== void 0 ? _a : "";
          if (prefix !== "") {
            if (prefix === "xmlns") {
              this.fail('tags may not have "xmlns" as prefix.');
            }
            if (uri === "") {
              this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
              tag.uri = prefix;
            }
          }
        }
        if (attribList.length === 0) {
          return;
        }
        const { attributes } = tag;
        const seen = /* @__PURE__ */ new Set();
        for (const attr of attribList) {
          const { name, prefix, local } = attr;
          let uri;
          let eqname;
          if (prefix === "") {
            uri = name === "xmlns" ? XMLNS_NAMESPACE : "";
            eqname = name;
          } else {
            uri = this.resolve(prefix);
            if (uri === void 0) {
              this.fail(`unbound namespace prefix: ${JSON.stringify(prefix)}.`);
              uri = prefix;
            }
            eqname = `{${uri}}${local}`;
          }
          if (seen.has(eqname)) {
            this.fail(`duplicate attribute: ${eqname}.`);
          }
          seen.add(eqname);
          attr.uri = uri;
          attributes[name] = attr;
        }
        this.attribList = [];
      }
      processAttribsPlain() {
        const { attribList } = this;
        const attributes = this.tag.attributes;
        for (const { name, value } of attribList) {
          if (attributes[name] !== void 0) {
            this.fail(`duplicate attribute: ${name}.`);
          }
          attributes[name] = value;
        }
        this.attribList = [];
      }
      /**
       * Handle a complete open tag. This parser code calls this once it has seen
       * the whole tag. This method checks for well-formeness and then emits
       * ``onopentag``.
       */
      openTag() {
        var _a;
        this.processAttribs();
        const { tags } = this;
        const tag = this.tag;
        tag.isSelfClosing = false;
        (_a = this.openTagHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        tags.push(tag);
        this.state = S_TEXT;
        this.name = "";
      }
      /**
       * Handle a complete self-closing tag. This parser code calls this once it has
       * seen the whole tag. This method checks for well-formeness and then emits
       * ``onopentag`` and ``onclosetag``.
       */
      openSelfClosingTag() {
        var _a, _b, _c;
        this.processAttribs();
        const { tags } = this;
        const tag = this.tag;
        tag.isSelfClosing = true;
        (_a = this.openTagHandler) === null || _a === void 0 ? void 0 : _a.call(this, tag);
        (_b = this.closeTagHandler) === null || _b === void 0 ? void 0 : _b.call(this, tag);
        const top = this.tag = (_c = tags[tags.length - 1]) !== null && _c !== void 0 ? _c : null;
        if (top === null) {
          this.closedRoot = true;
        }
        this.state = S_TEXT;
        this.name = "";
      }
      /**
       * Handle a complete close tag. This parser code calls this once it has seen
       * the whole tag. This method checks for well-formeness and then emits
       * ``onclosetag``.
       */
      closeTag() {
        const { tags, name } = this;
        this.state = S_TEXT;
        this.name = "";
        if (name === "") {
          this.fail("weird empty close tag.");
          this.text += "</>";
          return;
        }
        const handler = this.closeTagHandler;
        let l = tags.length;
        while (l-- > 0) {
          const tag = this.tag = tags.pop();
          this.topNS = tag.ns;
          handler === null || handler === void 0 ? void 0 : handler(tag);
          if (tag.name === name) {
            break;
          }
          this.fail("unexpected close tag.");
        }
        if (l === 0) {
          this.closedRoot = true;
        } else if (l < 0) {
          this.fail(`unmatched closing tag: ${name}.`);
          this.text += `</${name}>`;
        }
      }
      /**
       * Resolves an entity. Makes any necessary well-formedness checks.
       *
       * @param entity The entity to resolve.
       *
       * @returns The parsed entity.
       */
      parseEntity(entity) {
        if (entity[0] !== "#") {
          const defined = this.ENTITIES[entity];
          if (defined !== void 0) {
            return defined;
          }
          this.fail(this.isName(entity) ? "undefined entity." : "disallowed character in entity name.");
          return `&${entity};`;
        }
        let num = NaN;
        if (entity[1] === "x" && /^#x[0-9a-f]+$/i.test(entity)) {
          num = parseInt(entity.slice(2), 16);
        } else if (/^#[0-9]+$/.test(entity)) {
          num = parseInt(entity.slice(1), 10);
        }
        if (!this.isChar(num)) {
          this.fail("malformed character entity.");
          return `&${entity};`;
        }
        return String.fromCodePoint(num);
      }
    };
    exports.SaxesParser = SaxesParser2;
  }
});

// src/ingest/parse-worker.ts
import { parentPort, workerData } from "node:worker_threads";

// src/ingest/read.ts
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

// src/ingest/decode.ts
var LABELS = {
  "utf-8": "utf-8",
  utf8: "utf-8",
  "us-ascii": "utf-8",
  // ASCII is a subset of UTF-8
  ascii: "utf-8",
  "utf-16": "utf-16le",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
  "iso-8859-1": "latin1",
  latin1: "latin1",
  "windows-1252": "windows-1252",
  cp1252: "windows-1252"
};
function sniffEncoding(head2) {
  if (head2[0] === 239 && head2[1] === 187 && head2[2] === 191) {
    return { encoding: "utf-8", bomLength: 3 };
  }
  if (head2[0] === 255 && head2[1] === 254) return { encoding: "utf-16le", bomLength: 2 };
  if (head2[0] === 254 && head2[1] === 255) return { encoding: "utf-16be", bomLength: 2 };
  if (head2[0] === 60 && head2[1] === 0) return { encoding: "utf-16le", bomLength: 0 };
  if (head2[0] === 0 && head2[1] === 60) return { encoding: "utf-16be", bomLength: 0 };
  const decl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    Buffer.from(head2.subarray(0, 200)).toString("latin1")
  );
  const label = decl?.[1]?.toLowerCase();
  if (!label) return { encoding: "utf-8", bomLength: 0 };
  const known = LABELS[label] ?? whatwgEncoding(label);
  if (known?.startsWith("utf-16")) {
    return {
      encoding: "utf-8",
      bomLength: 0,
      note: `declared encoding "${decl[1]}" does not match the bytes; read as UTF-8`
    };
  }
  if (known) return { encoding: known, bomLength: 0 };
  return {
    encoding: "utf-8",
    bomLength: 0,
    note: `unknown declared encoding "${decl[1]}"; read as UTF-8`
  };
}
function whatwgEncoding(label) {
  try {
    const name = new TextDecoder(label).encoding;
    return name === "replacement" ? void 0 : name;
  } catch {
    return void 0;
  }
}
function createDecoder(head2) {
  const { encoding, bomLength, note } = sniffEncoding(head2);
  const swap = encoding === "utf-16be";
  const inner = new TextDecoder(swap ? "utf-16le" : encoding, { fatal: false, ignoreBOM: true });
  let skip = bomLength;
  let replaced = false;
  let carry;
  const ownFFFD = encoding === "utf-8" ? UTF8_FFFD : encoding.startsWith("utf-16") ? UTF16LE_FFFD : void 0;
  let written = 0;
  let encoded = 0;
  let fed = 0;
  let prevTail = new Uint8Array(0);
  return {
    encoding,
    note,
    get replaced() {
      return replaced;
    },
    decode(chunk, last2 = false) {
      let bytes = chunk;
      if (skip > 0) {
        const n = Math.min(skip, bytes.length);
        bytes = bytes.subarray(n);
        skip -= n;
      }
      if (swap) bytes = swapPairs(bytes);
      let text = inner.decode(bytes, { stream: !last2 });
      if (last2 && carry !== void 0) {
        carry = void 0;
        text += "\uFFFD";
      }
      if (!replaced) {
        const w = count(text, "\uFFFD");
        if (w > 0) {
          written += w;
          if (ownFFFD) encoded += countEncoded(bytes);
          if (written > encoded) replaced = true;
        }
        if (ownFFFD) {
          const all = prevTail.length ? Buffer.concat([prevTail, bytes.subarray(-ownFFFD.length)]) : bytes;
          prevTail = Uint8Array.from(all.subarray(Math.max(0, all.length - (ownFFFD.length - 1))));
        }
        fed += bytes.length;
      }
      return text;
    }
  };
  function countEncoded(bytes) {
    const pat = ownFFFD;
    const win = Buffer.concat([prevTail, bytes]);
    const start = fed - prevTail.length;
    let n = 0;
    for (let i = win.indexOf(pat); i >= 0; i = win.indexOf(pat, i + 1)) {
      if (pat.length === 2 && (start + i) % 2 !== 0) continue;
      n++;
    }
    return n;
  }
  function swapPairs(bytes) {
    const all = carry === void 0 ? bytes : Buffer.concat([Uint8Array.of(carry), bytes]);
    const even = all.length - all.length % 2;
    carry = all.length % 2 ? all[all.length - 1] : void 0;
    const out = new Uint8Array(even);
    for (let i = 0; i < even; i += 2) {
      out[i] = all[i + 1];
      out[i + 1] = all[i];
    }
    return out;
  }
}
var UTF8_FFFD = Buffer.from([239, 191, 189]);
var UTF16LE_FFFD = Buffer.from([253, 255]);
function count(text, ch) {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

// src/ingest/limits.ts
var DEFAULT_LIMITS = {
  maxDepth: 256,
  maxTestcases: 5e5,
  maxMessage: 4e3,
  maxStack: 16e3,
  maxOutput: 4e3,
  maxName: 1e3
};
var DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

// src/ingest/sax.ts
var import_saxes = __toESM(require_saxes(), 1);
var FastSaxesParser = class extends import_saxes.SaxesParser {
  constructor() {
    super({ xmlns: false, position: true });
    const t = this;
    t.xmldeclHandler = void 0;
    t.textHandler = void 0;
    t.piHandler = void 0;
    t.doctypeHandler = void 0;
    t.commentHandler = void 0;
    t.openTagStartHandler = void 0;
    t.attributeHandler = void 0;
    t.openTagHandler = void 0;
    t.closeTagHandler = void 0;
    t.cdataHandler = void 0;
    t.errorHandler = void 0;
    t.endHandler = void 0;
    t.readyHandler = void 0;
  }
};

// src/ingest/xml-scan.ts
var DISALLOWED = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
var S = "[ \\t\\r\\n]";
var DECL = new RegExp(
  `<\\?xml${S}+version${S}*=${S}*(?:"1\\.0"|'1\\.0')(?:${S}+encoding${S}*=${S}*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:${S}+standalone${S}*=${S}*(?:"(?:yes|no)"|'(?:yes|no)'))?${S}*\\?>`,
  "y"
);
var REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));/y;
var PREDEFINED = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
var OutOfSubset = class extends Error {
};
var GIVE_UP = new OutOfSubset();
function isSpace(c) {
  return c === 32 || c === 10 || c === 9 || c === 13;
}
function skipSpace(s, i) {
  while (isSpace(s.charCodeAt(i))) i++;
  return i;
}
function isChar(cp) {
  return cp === 9 || cp === 10 || cp === 13 || cp >= 32 && cp <= 55295 || cp >= 57344 && cp <= 65533 || cp >= 65536 && cp <= 1114111;
}
function reference(s, at) {
  REFERENCE.lastIndex = at;
  const m = REFERENCE.exec(s);
  if (m === null) throw GIVE_UP;
  if (m[1] !== void 0) return PREDEFINED[m[1]];
  const cp = m[2] !== void 0 ? Number(m[2]) : parseInt(m[3], 16);
  if (!isChar(cp)) throw GIVE_UP;
  return String.fromCodePoint(cp);
}
function decode(s, from, to, attr) {
  let out = "";
  let i = from;
  while (i < to) {
    const amp = s.indexOf("&", i);
    const end = amp < 0 || amp >= to ? to : amp;
    if (end > i) out += literal(s.slice(i, end), attr);
    if (end === to) break;
    out += reference(s, end);
    i = REFERENCE.lastIndex;
    if (i > to) throw GIVE_UP;
  }
  return out;
}
function literal(t, attr) {
  if (attr) return /[\t\n\r]/.test(t) ? t.replace(/\r\n|[\t\n\r]/g, " ") : t;
  return t.includes("\r") ? t.replace(/\r\n?/g, "\n") : t;
}
function charData(s, from, to, sink) {
  if (sink.wantsText()) {
    const raw = s.slice(from, to);
    if (raw.includes("]]>")) throw GIVE_UP;
    sink.text(raw.includes("&") ? decode(s, from, to, false) : literal(raw, false));
    return;
  }
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 38) {
      reference(s, i);
      i = REFERENCE.lastIndex - 1;
    } else if (c === 93 && s.startsWith("]]>", i)) throw GIVE_UP;
  }
}
function onlySpace(s, from, to) {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) throw GIVE_UP;
}
function cdata(s, lt, sink) {
  const end = s.indexOf("]]>", lt + 9);
  if (end < 0) throw GIVE_UP;
  if (sink.wantsText()) sink.text(literal(s.slice(lt + 9, end), false));
  return end + 3;
}
function comment(s, lt) {
  const end = s.indexOf("-->", lt + 4);
  if (end < 0 || s.indexOf("--", lt + 4) !== end) throw GIVE_UP;
  return end + 3;
}
function nameEnd(s, i) {
  const c = s.charCodeAt(i);
  const l = c | 32;
  if (!(l >= 97 && l <= 122 || c === 95 || c === 58)) throw GIVE_UP;
  let j = i + 1;
  for (; ; ) {
    const d = s.charCodeAt(j);
    const m = d | 32;
    if (m >= 97 && m <= 122 || d >= 48 && d <= 58 || d === 95 || d === 45 || d === 46)
      j++;
    else return j;
  }
}
var tagEnd = 0;
var tagEmpty = false;
function openTag(s, lt, attributes) {
  let j = nameEnd(s, lt + 1);
  const name = s.slice(lt + 1, j);
  for (; ; ) {
    const k = skipSpace(s, j);
    const c = s.charCodeAt(k);
    if (c === 62) {
      tagEnd = k + 1;
      tagEmpty = false;
      return name;
    }
    if (c === 47) {
      if (s.charCodeAt(k + 1) !== 62) throw GIVE_UP;
      tagEnd = k + 2;
      tagEmpty = true;
      return name;
    }
    if (k === j) throw GIVE_UP;
    const e = nameEnd(s, k);
    const attr = s.slice(k, e);
    let v = skipSpace(s, e);
    if (s.charCodeAt(v) !== 61) throw GIVE_UP;
    v = skipSpace(s, v + 1);
    const q = s.charCodeAt(v);
    if (q !== 34 && q !== 39) throw GIVE_UP;
    let close = v + 1;
    let plain = true;
    for (; ; ) {
      const d = s.charCodeAt(close);
      if (d === q) break;
      if (d === 60 || d !== d) throw GIVE_UP;
      if (d === 38 || d < 32) plain = false;
      close++;
    }
    if (attributes[attr] !== void 0) throw GIVE_UP;
    attributes[attr] = plain ? s.slice(v + 1, close) : decode(s, v + 1, close, true);
    j = close + 1;
  }
}
function scanXml(text, sink) {
  try {
    scan(text, sink);
    return true;
  } catch (e) {
    if (e instanceof OutOfSubset) return false;
    throw e;
  }
}
function scan(s, sink) {
  if (DISALLOWED.test(s)) throw GIVE_UP;
  let i = s.charCodeAt(0) === 65279 ? 1 : 0;
  if (s.startsWith("<?xml", i)) {
    DECL.lastIndex = i;
    if (!DECL.test(s)) throw GIVE_UP;
    i = DECL.lastIndex;
  }
  const open = [];
  let rootDone = false;
  const n = s.length;
  while (i < n) {
    const lt = s.indexOf("<", i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      if (open.length === 0) onlySpace(s, i, end);
      else charData(s, i, end, sink);
    }
    if (lt < 0) break;
    const c = s.charCodeAt(lt + 1);
    if (c === 47) {
      const name = open.pop();
      if (name === void 0 || !s.startsWith(name, lt + 2)) throw GIVE_UP;
      const gt = skipSpace(s, lt + 2 + name.length);
      if (s.charCodeAt(gt) !== 62) throw GIVE_UP;
      sink.close();
      if (open.length === 0) rootDone = true;
      i = gt + 1;
    } else if (c === 33) {
      if (s.startsWith("<!--", lt)) i = comment(s, lt);
      else if (open.length > 0 && s.startsWith("<![CDATA[", lt)) i = cdata(s, lt, sink);
      else throw GIVE_UP;
    } else {
      if (rootDone) throw GIVE_UP;
      const attributes = /* @__PURE__ */ Object.create(null);
      const name = openTag(s, lt, attributes);
      const empty = tagEmpty;
      i = tagEnd;
      sink.open(name, attributes);
      if (empty) {
        sink.close();
        if (open.length === 0) rootDone = true;
      } else open.push(name);
    }
  }
  if (!rootDone) throw GIVE_UP;
}

// src/ingest/dialect.ts
var FOREIGN = {
  TestRun: {
    format: "trx",
    label: "a Visual Studio TRX file (use a JUnit logger for dotnet test)"
  },
  "test-run": { format: "nunit", label: "an NUnit 3 result file" },
  "test-results": { format: "nunit", label: "an NUnit 2 result file" },
  assemblies: { format: "xunit.net", label: "an xUnit.net v2 XML file" },
  assembly: { format: "xunit.net", label: "an xUnit.net XML file" },
  checkstyle: { format: "checkstyle", label: "a Checkstyle report" },
  "test-suite": { format: "allure", label: "an Allure 1 result file" }
};
function detectForeignFormat(f) {
  if (!f.root || f.root === "testsuites" || f.root === "testsuite") return void 0;
  const known = FOREIGN[f.root];
  if (known) return known;
  if (f.tags.has("testsuite") || f.tags.has("testcase")) return void 0;
  return { format: "unknown", label: "an unknown XML format" };
}
var GO_PKG = /^[\w.-]+(\/[\w.-]+)+$/;
var GO_TEST = /^(Test|Benchmark|Example|Fuzz)\w*(\/|$)|^Failure$/;
var JAVA_CLASS = /^([a-z_$][\w$]*\.)+[A-Z][\w$]*$/;
var JS_FILE = /\.(c|m)?(j|t)sx?$/;
function detectDialect(f) {
  const rootName = f.rootAttrs.name ?? "";
  const suiteAttr = (k) => f.suiteAttrNames.has(k) || k in f.rootAttrs;
  const caseAttr = (k) => f.caseAttrNames.has(k);
  const samples = f.caseSamples;
  const all = (p) => samples.length > 0 && samples.every(p);
  if (rootName === "vitest tests") return "vitest";
  if (rootName === "jest tests") return "jest";
  if (rootName === "nextest-run") return "nextest";
  if (rootName === "pytest tests" || f.suiteNames.includes("pytest") || f.suiteNames.includes("nosetests")) {
    return "pytest";
  }
  if (rootName === "Mocha Tests" || f.suiteNames.includes("Root Suite") || f.suiteNames.includes("Mocha Tests")) {
    return f.suiteFiles.some((p) => /cypress|\.cy\.[jt]sx?$/.test(p)) ? "cypress" : "mocha";
  }
  if (f.suiteNames.includes("rspec") || samples.some((s) => /_spec$/.test(s.classname)))
    return "rspec";
  if (rootName.endsWith(".xctest") || f.root === "testsuites" && f.suiteNames.includes("TestResults")) {
    return "xctest";
  }
  if (f.rootAttrs["xsi:noNamespaceSchemaLocation"]?.includes("surefire")) return "surefire";
  if (f.tags.has("flakyFailure") || f.tags.has("flakyError") || f.tags.has("rerunFailure") || f.tags.has("rerunError")) {
    return "surefire";
  }
  if (f.propertyNames.has("go.version"))
    return f.suiteAttrNames.has("id") ? "go-junit-report" : "gotestsum";
  if (caseAttr("assertions") || caseAttr("class") || suiteAttr("assertions")) return "phpunit";
  if (f.hostnames.has("tbd")) return "catch2";
  if (caseAttr("status") && caseAttr("duration") && !caseAttr("classname")) return "bazel";
  if (caseAttr("result") && caseAttr("status")) return "gtest";
  if (f.root === "testsuite" && suiteAttr("disabled") && caseAttr("status")) return "ctest";
  if (f.root === "testsuites" && suiteAttr("disabled") && (caseAttr("status") || rootName === "AllTests")) {
    return "gtest";
  }
  if (f.propertyNames.has("clr-version") || [...f.hostnames].some((h) => h.startsWith("executor://")) || f.suiteNames.some((n) => /\.dll$/i.test(n))) {
    return "dotnet";
  }
  if ("id" in f.rootAttrs && f.suiteNames.length > 0 && f.suiteNames.every((n) => JS_FILE.test(n))) {
    return "playwright";
  }
  if (f.suiteNames.length > 0 && f.suiteNames.every((n) => JS_FILE.test(n.replace(/\\/g, "/")))) {
    return all((s) => s.classname !== "" && JS_FILE.test(s.classname)) ? "vitest" : "jest";
  }
  if (samples.length > 0 && samples.filter((s) => GO_TEST.test(s.name)).length >= samples.length / 2 && f.suiteNames.every((n) => GO_PKG.test(n) || /^[\w.-]+$/.test(n))) {
    return f.suiteAttrNames.has("id") || f.suiteAttrNames.has("hostname") ? "go-junit-report" : "gotestsum";
  }
  const javaSuite = f.root === "testsuite" && (JAVA_CLASS.test(rootName) || /^[A-Z][\w$]*$/.test(rootName) && all((s) => /^[a-z_$][\w$]*$/.test(s.name)));
  if (all((s) => JAVA_CLASS.test(s.classname)) || javaSuite) {
    if (/ UTC$/.test(f.rootAttrs.timestamp ?? "")) return "testng";
    if (f.root === "testsuite" && "timestamp" in f.rootAttrs && !("version" in f.rootAttrs))
      return "gradle";
    if (f.root === "testsuite") return "surefire";
  }
  return "junit";
}

// src/ingest/text.ts
function fnv1a(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
function isHigh(c) {
  return c >= 55296 && c <= 56319;
}
function isLow(c) {
  return c >= 56320 && c <= 57343;
}
function head(s, n) {
  if (n <= 0) return "";
  if (n >= s.length) return s;
  return s.slice(0, isHigh(s.charCodeAt(n - 1)) && isLow(s.charCodeAt(n)) ? n - 1 : n);
}
function last(s, n) {
  if (n <= 0) return "";
  if (n >= s.length) return s;
  const at = s.length - n;
  return s.slice(isLow(s.charCodeAt(at)) && isHigh(s.charCodeAt(at - 1)) ? at + 1 : at);
}
function boundName(s, max) {
  if (s.length <= max) return s;
  return `${head(s, max - 12)}\u2026#${fnv1a(s)}`;
}
function appendHead(buf, text, max) {
  if (buf.length >= max) return buf;
  return buf.length + text.length <= max ? buf + text : buf + head(text, max - buf.length);
}
function appendTail(buf, text, max) {
  const next = buf + text;
  return next.length > 2 * max ? last(next, max) : next;
}
function tail(s, max) {
  return last(s, max);
}
function detach(s) {
  return s === void 0 || s.length < 13 ? s : (" " + s).slice(1);
}

// src/ingest/identity.ts
var FAMILY = {
  surefire: "jvm",
  gradle: "jvm",
  testng: "jvm",
  junit: "junit",
  pytest: "pytest",
  jest: "jest",
  vitest: "vitest",
  mocha: "mocha",
  cypress: "cypress",
  "go-junit-report": "go",
  gotestsum: "go",
  playwright: "playwright",
  rspec: "rspec",
  phpunit: "phpunit",
  nextest: "rust",
  bazel: "bazel",
  ctest: "ctest",
  dotnet: "dotnet",
  catch2: "catch2",
  gtest: "gtest",
  xctest: "xctest"
};
var WORKSPACE_PREFIXES = [
  // GitHub-hosted runners (the runner home's "work" folder, then <repo>/<repo>/; D:/a/<repo>/<repo>/ on Windows),
  // self-hosted ones (<runner>/_work/<repo>/<repo>/) and container jobs (/__w/<repo>/<repo>/).
  // Azure Pipelines' <work>/1/s/ has the same shape.
  /^(?:\/home\/runner\/work|\/Users\/runner\/work|[A-Za-z]:\/a|\/__w|(?:[A-Za-z]:)?(?:\/[^/]+)*\/_work)\/[^/]+\/[^/]+\//,
  /^\/home\/vsts\/work\/\d+\/s\//,
  // Docker container actions.
  /^\/github\/workspace\//,
  // Hudson and old Jenkins: $HOME/jobs/<job>/workspace/; Jenkins: .../jenkins*/[agent/]workspace/<job>/.
  /^(?:[A-Za-z]:)?(?:\/[^/]+)*\/jobs\/[^/]+\/workspace\//,
  /^(?:[A-Za-z]:)?(?:\/[^/]+)*\/(?:jenkins|hudson)[^/]*(?:\/agent)?\/workspace\/[^/]+\//i,
  // CircleCI, Travis CI, Bitbucket Pipelines.
  /^\/home\/circleci\/project\//,
  /^\/home\/travis\/build\/[^/]+\/[^/]+\//,
  /^\/opt\/atlassian\/pipelines\/agent\/build\//
];
function normalizePath(p, root) {
  let s = p.trim().replace(/\\/g, "/");
  if (root) {
    const r = root.replace(/\\/g, "/").replace(/\/+$/, "") + "/";
    if (s.startsWith(r)) s = s.slice(r.length);
  }
  s = s.replace(/\/{2,}/g, "/");
  for (const re of WORKSPACE_PREFIXES) {
    const m = re.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      break;
    }
  }
  while (s.startsWith("./")) s = s.slice(2);
  return s;
}
var JS_FILE2 = /\.(c|m)?(j|t)sx?$/;
function splitPytestClassname(classname) {
  const parts = classname.split(".");
  let i = parts.length;
  while (i > 1 && /^[A-Z]/.test(parts[i - 1])) i--;
  return { module: parts.slice(0, i).join("/"), classes: parts.slice(i) };
}
var escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
function isRelative(p) {
  return p !== "" && !p.startsWith("/") && !/^[A-Za-z]:\//.test(p) && !p.startsWith("../");
}
var PATH_STOP = /* @__PURE__ */ new Set([" ", "	", "\n", "\r", "(", '"', "'", "`", "<", ">"]);
function lineFromStack(stack2, file) {
  if (!file || !stack2) return void 0;
  const slash = file.lastIndexOf("/");
  const base = file.slice(slash + 1);
  if (!base) return void 0;
  if (!stack2.includes(base)) return void 0;
  const dir = file.slice(0, slash + 1);
  const text = stack2.replace(/\\/g, "/");
  const re = new RegExp(`(?<![\\w.-])${escapeRe(base)}(?::line |:|\\(|", line )(\\d+)`, "g");
  for (const m of text.matchAll(re)) {
    let start = m.index;
    while (start > 0 && m.index - start < 400 && !PATH_STOP.has(text[start - 1])) start--;
    const before = text.slice(start, m.index);
    if (dir && before && !before.endsWith(dir) && !dir.endsWith(before)) continue;
    const n = Number(m[1]);
    if (Number.isInteger(n) && n > 0) return n;
  }
  return void 0;
}
function parseLine(s, dialect) {
  if (s === void 0 || s.trim() === "") return void 0;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) return void 0;
  if (dialect === "pytest") return n + 1;
  return n > 0 ? n : void 0;
}
function parseDurationMs(s) {
  if (s === void 0) return void 0;
  let n = Number(s);
  if (Number.isNaN(n) && s.includes(",")) n = Number(s.replace(/,/g, "").trim());
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1e3 * 1e3) / 1e3 : void 0;
}
function methodOf(name) {
  return name.replace(/\[[^\]]*\]$/, "").replace(/\(.*\)$/, "").trim();
}
var JVM_SOURCE = "[\\w$-]+\\.(?:java|kt|kts|groovy|scala)";
function jvmFrame(stack2, cls, name) {
  if (!stack2 || !cls || !stack2.includes(`${cls}.`)) return void 0;
  const frame = (method2) => new RegExp(`\\bat\\s+(?:[^\\s(]*/)?${escapeRe(cls)}\\.${method2}\\((${JVM_SOURCE}):(\\d+)\\)`);
  const method = methodOf(name);
  const m = (method ? frame(escapeRe(method)).exec(stack2) : null) ?? frame("[^\\s(.]+").exec(stack2);
  return m ? { fileName: m[1], line: Number(m[2]) } : void 0;
}
var LANGUAGE_DIR = {
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  groovy: "groovy",
  scala: "scala"
};
function javaFile(cls, opts, fileName) {
  const roots = opts.sourceRoots ?? [];
  if (roots.length === 0 || !/^[\w$.]+$/.test(cls)) return void 0;
  const outer = cls.split("$")[0];
  const dot = outer.lastIndexOf(".");
  const dir = dot < 0 ? "" : `${outer.slice(0, dot).replace(/\./g, "/")}/`;
  const file = fileName ?? `${outer.slice(dot + 1)}.java`;
  const lang = LANGUAGE_DIR[file.slice(file.lastIndexOf(".") + 1)];
  const norm = roots.map((r) => normalizePath(r).replace(/\/+$/, ""));
  const root = norm.find((r) => lang !== void 0 && r.split("/").includes(lang)) ?? norm[0];
  return `${root ? `${root}/` : ""}${dir}${file}`;
}
var NATIVE_LOCATION = /(?:^|[\s(])((?:[A-Za-z]:)?[^\s:()"'<>]+\.(?:c|cc|cpp|cxx|c\+\+|h|hh|hpp|hxx|ipp|inl|tpp|cu|m|mm|swift)):(\d+)\b/m;
function failureLocation(dialect, text, c, cls, opts) {
  if (!text) return {};
  const t = text.replace(/\\/g, "/");
  let m = null;
  switch (dialect) {
    case "gtest":
    case "catch2":
    case "xctest":
      m = NATIVE_LOCATION.exec(t);
      break;
    case "nextest":
      m = /panicked at ([^\s:]+\.rs):(\d+):\d+/.exec(t);
      break;
    case "dotnet": {
      const frame = (method2) => new RegExp(`(?:^|\\s)at ${escapeRe(cls)}\\.${method2}\\([^)]*\\) in (.+?):line (\\d+)`, "m");
      const method = methodOf(c.name.startsWith(`${cls}.`) ? c.name.slice(cls.length + 1) : c.name);
      if (cls && t.includes(`at ${cls}.`)) {
        m = (method ? frame(escapeRe(method)).exec(t) : null) ?? frame("[^\\s(]+").exec(t);
      }
      break;
    }
    default:
      return {};
  }
  if (!m) return {};
  const file = normalizePath(m[1], opts.root);
  const line = Number(m[2]);
  if (!isRelative(file)) return {};
  return Number.isInteger(line) && line > 0 ? { file, line } : { file };
}
function mochaTitle(c, classname) {
  if (!classname || classname === c.name) return c.name;
  if (c.suites.length > 1 && c.name.endsWith(classname)) return c.name;
  if (c.suites.length > 1 && classname.endsWith(c.name)) return classname;
  return `${classname} ${c.name}`;
}
function stack(c) {
  return c.results.map((r) => r.body).join("\n");
}
function failureText(c) {
  return c.results.filter((r) => r.tag !== "skipped").map((r) => `${r.message}
${r.body}`).join("\n");
}
function pytestScope(classname, opts) {
  const cache = opts.cache ??= /* @__PURE__ */ new Map();
  let v = cache.get(classname);
  if (!v) {
    const { module, classes } = splitPytestClassname(classname);
    const modFile = module ? `${module}.py` : "";
    v = { modFile, prefix: [modFile, ...classes].filter(Boolean).join("::") };
    cache.set(classname, v);
  }
  return v;
}
function identify(c, dialect, opts) {
  const fam = FAMILY[dialect];
  const suiteName = c.suites[c.suites.length - 1] ?? "";
  const classname = c.classname ?? "";
  const attrFile = c.file !== void 0 ? normalizePath(c.file, opts.root) : void 0;
  switch (dialect) {
    case "pytest": {
      const { modFile, prefix } = pytestScope(classname, opts);
      const node = prefix ? c.name ? `${prefix}::${c.name}` : prefix : c.name;
      return {
        id: `pytest:${node}`,
        name: c.name,
        suite: classname,
        file: attrFile ?? (modFile || void 0)
      };
    }
    case "jest":
    case "mocha":
    case "cypress": {
      const fileish = attrFile ?? (c.suiteFile !== void 0 ? normalizePath(c.suiteFile, opts.root) : void 0) ?? (JS_FILE2.test(suiteName) ? normalizePath(suiteName, opts.root) : void 0);
      const full = dialect === "jest" ? classname && !c.name.startsWith(classname) && classname !== c.name ? `${classname} \u203A ${c.name}` : c.name : mochaTitle(c, classname);
      const scope = fileish ?? suiteName;
      return { id: `${fam}:${scope}::${full}`, name: full, suite: scope, file: fileish };
    }
    case "vitest":
    case "playwright": {
      const file = attrFile ?? (classname ? normalizePath(classname, opts.root) : normalizePath(suiteName, opts.root));
      const project = dialect === "playwright" && c.project ? ` [${c.project}]` : "";
      return { id: `${fam}:${file}::${c.name}${project}`, name: c.name, suite: file, file };
    }
    case "go-junit-report":
    case "gotestsum": {
      const pkg = suiteName || classname;
      return { id: `go:${pkg}::${c.name}`, name: c.name, suite: pkg, file: attrFile };
    }
    case "rspec": {
      const file = attrFile ?? (classname ? `${classname.replace(/\./g, "/")}.rb` : void 0);
      return { id: `rspec:${file ?? ""}::${c.name}`, name: c.name, suite: classname, file };
    }
    case "phpunit": {
      const cls = c.className ?? classname.replace(/\./g, "\\");
      return {
        id: `phpunit:${cls || suiteName}::${c.name}`,
        name: c.name,
        suite: cls || suiteName,
        file: attrFile
      };
    }
    case "bazel":
    case "ctest":
      return {
        id: `${fam}:${c.name}`,
        name: c.name,
        suite: classname || suiteName,
        file: attrFile
      };
    case "dotnet": {
      let cls = classname;
      let method = c.name;
      if (cls && method.startsWith(`${cls}.`)) method = method.slice(cls.length + 1);
      if (!cls) {
        const head2 = method.split("(")[0];
        const dot = head2.lastIndexOf(".");
        if (dot > 0) {
          cls = method.slice(0, dot);
          method = method.slice(dot + 1);
        }
      }
      const loc = attrFile ? {} : failureLocation(dialect, stack(c), c, cls, opts);
      return {
        id: `dotnet:${cls || suiteName}::${method}`,
        name: method,
        suite: cls || suiteName,
        file: attrFile ?? loc.file,
        line: loc.line
      };
    }
    case "gtest":
    case "catch2":
    case "xctest":
    case "nextest": {
      const scope = classname || suiteName;
      const loc = attrFile ? {} : failureLocation(dialect, failureText(c), c, scope, opts);
      return {
        id: `${fam}:${scope}::${c.name}`,
        name: c.name,
        suite: scope,
        file: attrFile ?? loc.file,
        line: loc.line
      };
    }
    default: {
      const scope = classname || suiteName;
      const jvm = dialect === "surefire" || dialect === "gradle" || dialect === "testng" || JAVA_CLASS.test(classname);
      if (!jvm)
        return { id: `${fam}:${scope}::${c.name}`, name: c.name, suite: scope, file: attrFile };
      const method = c.name.endsWith("()") ? c.name.slice(0, -2) : c.name;
      const frame = jvmFrame(stack(c), scope, c.name);
      const file = attrFile ?? javaFile(scope, opts, frame?.fileName);
      return {
        id: `jvm:${scope}::${method}`,
        name: c.name,
        suite: scope,
        file,
        line: file && !attrFile ? frame?.line : void 0
      };
    }
  }
}
var FAIL_WORDS = /* @__PURE__ */ new Set(["fail", "failed", "failure"]);
var SKIP_STATUS = /* @__PURE__ */ new Set(["notrun", "disabled", "skipped", "skip", "ignored", "pending"]);
var SKIP_RESULT = /* @__PURE__ */ new Set(["skipped", "suppressed"]);
function outcomeOf(c) {
  if (c.results.length === 0 && c.status === void 0 && c.result === void 0) return "passed";
  let outcome = "passed";
  for (const r of c.results) {
    if (r.tag === "failure") return "failed";
    if (r.tag === "error") outcome = "error";
    else if (r.tag === "skipped" && outcome === "passed") outcome = "skipped";
  }
  if (outcome !== "passed") return outcome;
  const st = (c.status ?? "").toLowerCase();
  const res = (c.result ?? "").toLowerCase();
  if (FAIL_WORDS.has(st) || FAIL_WORDS.has(res)) return "failed";
  if (st === "error" || st === "errored") return "error";
  if (SKIP_STATUS.has(st) || SKIP_RESULT.has(res)) return "skipped";
  return "passed";
}
function detail(r, limits) {
  let message = r.message;
  const body = r.body.replace(/^\s+/, "").replace(/\s+$/, "");
  if (!message.trim()) {
    const first = body.split(/\r\n|\r|\n/).find((l) => l.trim()) ?? "";
    message = appendHead("", first.trimEnd(), limits.maxMessage);
  }
  return { message, type: r.type, stack: body };
}
var isResult = (r) => r.tag === "failure" || r.tag === "error" || r.tag === "skipped";
function buildRecords(cases, dialect, opts) {
  const tests = /* @__PURE__ */ new Map();
  const attempts = [];
  const idents = cases.map((c) => identify(c, dialect, opts));
  const left = /* @__PURE__ */ new Map();
  if (dialect === "pytest") {
    for (const ident of idents) left.set(ident.id, (left.get(ident.id) ?? 0) + 1);
  }
  cases.forEach((c, i) => {
    const ident = idents[i];
    let later = 0;
    if (left.size > 0) {
      later = (left.get(ident.id) ?? 1) - 1;
      if (later > 0 || left.has(ident.id)) left.set(ident.id, later);
    }
    const plain = c.results.length === 0;
    const stackText = plain ? "" : c.results.map((r) => r.body).join("\n");
    const line = parseLine(c.line, dialect) ?? ident.line ?? (plain ? void 0 : lineFromStack(stackText, ident.file));
    let entry = tests.get(ident.id);
    if (!entry) {
      const created = { id: ident.id, dialect, name: ident.name, suite: ident.suite };
      if (ident.file) created.file = ident.file;
      if (line !== void 0) created.line = line;
      if (ident.name.endsWith("]")) {
        const pm = /\[([^\]]*)\]$/.exec(ident.name);
        if (pm) created.params = pm[1];
      }
      entry = { rec: created, retries: 0 };
      tests.set(ident.id, entry);
    } else if (entry.rec.file === void 0 && ident.file !== void 0) {
      entry.rec.file = ident.file;
      if (line !== void 0) entry.rec.line = line;
    } else if (line !== void 0 && entry.rec.line === void 0 && entry.rec.file === ident.file) {
      entry.rec.line = line;
    }
    const state = entry;
    let retry = state.retries;
    const duration = parseDurationMs(c.time);
    let outcome = outcomeOf(c);
    if (dialect === "pytest" && outcome === "passed" && later > 0 && !c.results.some(isResult) && !c.status && !c.result) {
      outcome = "failed";
    }
    if (plain) {
      const a = { testId: ident.id, outcome, retry: retry++ };
      if (duration !== void 0) a.durationMs = duration;
      if (c.stdout) a.stdout = c.stdout;
      if (c.stderr) a.stderr = c.stderr;
      attempts.push(a);
      state.retries = retry;
      return;
    }
    const mainFailure = c.results.find((r) => r.tag === "failure" || r.tag === "error");
    const push = (o, r, withOutput = false, durationMs) => {
      const a = { testId: ident.id, outcome: o, retry: retry++ };
      if (durationMs !== void 0) a.durationMs = durationMs;
      if (r && o !== "passed" && o !== "skipped") a.failure = detail(r, opts.limits);
      if (r && o === "skipped" && (r.message || r.body.trim())) a.failure = detail(r, opts.limits);
      if (withOutput) {
        if (c.stdout) a.stdout = c.stdout;
        if (c.stderr) a.stderr = c.stderr;
      } else if (r) {
        if (r.stdout) a.stdout = r.stdout;
        if (r.stderr) a.stderr = r.stderr;
      }
      attempts.push(a);
    };
    const flaky = c.results.filter((r) => r.tag === "flakyFailure" || r.tag === "flakyError");
    const reruns = c.results.filter((r) => r.tag === "rerunFailure" || r.tag === "rerunError");
    for (const r of flaky) push(r.tag === "flakyError" ? "error" : "failed", r);
    const main = mainFailure ?? c.results.find((r) => r.tag === "skipped");
    push(outcome, main, true, duration);
    for (const r of reruns) push(r.tag === "rerunError" ? "error" : "failed", r);
    state.retries = retry;
  });
  return { tests: Array.from(tests.values(), (e) => e.rec), attempts };
}

// src/ingest/parse.ts
var RESULT_TAGS = /* @__PURE__ */ new Set([
  "failure",
  "error",
  "skipped",
  "flakyFailure",
  "flakyError",
  "rerunFailure",
  "rerunError"
]);
var RETRY_TAGS = /* @__PURE__ */ new Set(["flakyFailure", "flakyError", "rerunFailure", "rerunError"]);
var OTHER = { kind: "other" };
var MAX_SHORT_ATTR = 100;
function short(v) {
  return v === void 0 ? void 0 : detach(v.length > MAX_SHORT_ATTR ? v.slice(0, MAX_SHORT_ATTR) : v);
}
function localName(name) {
  const i = name.indexOf(":");
  return i < 0 ? name : name.slice(i + 1);
}
var AbortParse = class extends Error {
};
var ReportBuilder = class {
  limits;
  parser;
  stack = [];
  cases = [];
  features = {
    root: "",
    rootAttrs: {},
    suiteAttrNames: /* @__PURE__ */ new Set(),
    caseAttrNames: /* @__PURE__ */ new Set(),
    suiteNames: [],
    caseSamples: [],
    propertyNames: /* @__PURE__ */ new Set(),
    tags: /* @__PURE__ */ new Set(),
    suiteFiles: [],
    hostnames: /* @__PURE__ */ new Set()
  };
  counts = {
    testcases: 0,
    failed: 0,
    skipped: 0,
    passed: 0,
    retryAttempts: 0
  };
  warnings = [];
  error;
  sawElement = false;
  sawTestcase = false;
  sawDoctype = false;
  /** Any non-whitespace text written: tells an empty file from a broken one. */
  sawContent = false;
  suitePath;
  /** Where the root element ended, once it has. */
  rootEnd;
  /** The chunk being written, and how many characters came before it. */
  chunk = "";
  written = 0;
  /** A high surrogate that ended the last chunk, written with the next. */
  held = "";
  /** Outside the root element, where the next non-space character must start markup. */
  expectMarkup = true;
  /** saxes reports a comment at its `--`, before the closing `>`. */
  commentGt = false;
  /** Position of the markup end that stray text follows, until saxes reaches it. */
  strayAt;
  done = false;
  file;
  options;
  constructor(file, options2 = {}) {
    this.file = file;
    this.options = options2;
    this.limits = { ...DEFAULT_LIMITS, ...options2.limits };
    this.parser = new FastSaxesParser();
    this.parser.on("error", (err) => this.onSaxError(stripPosition(err.message)));
    this.parser.on("doctype", () => {
      this.sawDoctype = true;
      this.afterMarkup();
    });
    this.parser.on("xmldecl", () => this.afterMarkup());
    this.parser.on("comment", () => this.afterMarkup(true));
    this.parser.on("processinginstruction", () => this.afterMarkup());
    this.parser.on(
      "opentag",
      (tag) => this.open(tag.name, tag.attributes)
    );
    this.parser.on("closetag", () => this.close());
  }
  onText = (t) => this.text(t);
  capturing = false;
  /** Fed by xml-scan.ts rather than saxes (see scanWhole). */
  scanning = false;
  sink = {
    wantsText: () => this.capturing,
    open: (name, attributes) => this.open(name, attributes),
    close: () => this.close(),
    text: this.onText
  };
  capture(on) {
    if (on === this.capturing) return;
    this.capturing = on;
    if (this.scanning) return;
    if (on) {
      this.parser.on("text", this.onText);
      this.parser.on("cdata", this.onText);
    } else {
      this.parser.off("text");
      this.parser.off("cdata");
    }
  }
  /**
   * Reads a whole report with xml-scan.ts instead of saxes. Returns false when
   * that scanner gives up (text outside its subset, not well-formed) or the
   * read stops at a limit: this builder is then spent, and the caller reads
   * the text with a fresh one, whose saxes errors say what is wrong and where.
   */
  scanWhole(text) {
    if (this.written > 0 || this.done) return false;
    this.scanning = true;
    this.written = text.length;
    try {
      if (!scanXml(wellFormed(text), this.sink)) return false;
    } catch {
      return false;
    }
    if (this.error) return false;
    this.sawContent = true;
    this.done = true;
    return true;
  }
  /** Feeds the next chunk of text. Returns false once the parse has stopped. */
  write(chunk) {
    if (this.done) return false;
    let text = this.held + chunk;
    this.held = "";
    const last2 = text.charCodeAt(text.length - 1);
    if (last2 >= 55296 && last2 <= 56319) {
      this.held = text.slice(-1);
      text = text.slice(0, -1);
    }
    return this.feed(text);
  }
  feed(text) {
    const chunk = wellFormed(text);
    if (!this.sawContent) {
      const from = this.written === 0 && chunk.charCodeAt(0) === 65279 ? 1 : 0;
      if (/[^ \t\r\n]/.test(from ? chunk.slice(from) : chunk)) this.sawContent = true;
    }
    this.chunk = chunk;
    try {
      if (this.expectMarkup && this.strayAhead(0)) this.strayText();
      this.parser.write(chunk);
      if (this.strayAt !== void 0) this.strayText();
    } catch (e) {
      if (!(e instanceof AbortParse)) this.record(internalError(e));
    }
    this.written += chunk.length;
    return !this.done;
  }
  finish() {
    if (!this.done && this.held) this.feed(this.held);
    this.held = "";
    if (!this.done) {
      try {
        this.parser.close();
      } catch (e) {
        if (!(e instanceof AbortParse)) this.record(internalError(e));
      }
    }
    this.done = true;
    for (const fr of this.stack) {
      if (fr.kind === "case" && fr.raw.results.length > 0) this.closeCase(fr);
    }
    this.stack.length = 0;
    if (!this.sawElement && (!this.error || !this.sawContent)) {
      this.error = { file: this.file, message: "empty file: no XML element found" };
    }
    const foreign = detectForeignFormat(this.features);
    if (!this.error && foreign) {
      this.error = {
        file: this.file,
        message: `not a JUnit report: looks like ${foreign.label} (root <${this.features.root}>)`,
        format: foreign.format
      };
    }
    let dialect;
    let built = { tests: [], attempts: [] };
    try {
      dialect = this.features.root ? detectDialect(this.features) : void 0;
      if (dialect) {
        built = buildRecords(this.cases, dialect, {
          limits: this.limits,
          root: this.options.root,
          sourceRoots: this.options.sourceRoots
        });
      }
    } catch (e) {
      this.error ??= { file: this.file, message: internalError(e) };
    }
    const { tests, attempts } = built;
    const known = foreign && this.counts.testcases === 0 ? void 0 : dialect;
    return {
      file: this.file,
      ...known ? { dialect: known } : {},
      tests,
      attempts,
      counts: this.counts,
      ...this.error ? { error: this.error } : {},
      warnings: this.warnings
    };
  }
  warn(message) {
    if (this.warnings.length < 20) this.warnings.push(message);
  }
  /** saxes' terse messages, with what they mean for a report. */
  explain(message) {
    if (message === "undefined entity.") {
      return this.sawDoctype ? "undefined entity: entities declared in a DOCTYPE are never expanded and external entities never fetched" : "undefined entity: XML defines only &lt; &gt; &amp; &quot; &apos; and character references";
    }
    if (message === "documents may contain only one root.") {
      return "a second root element: one file holding two XML documents (reports concatenated?)";
    }
    if (message === "disallowed character.") {
      return "disallowed character: a raw < in an attribute value, or a character XML does not allow";
    }
    if (message === "malformed character entity.") {
      return "malformed or disallowed character reference (e.g. &#0;, not allowed in XML)";
    }
    return message;
  }
  /**
   * Outside the root element only markup may follow whitespace. Checked here
   * rather than left to saxes, which reports stray text where its run ends in
   * the current chunk (after any other error inside it), so that how a file is
   * cut into chunks never changes which error it gets, or where. Returns true
   * when stray text starts in the current chunk at or after `from`.
   */
  strayAhead(from) {
    const s = this.chunk;
    for (let i = Math.max(0, from); i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.commentGt) {
        this.commentGt = false;
        if (c === 62) continue;
        this.expectMarkup = false;
        return false;
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue;
      if (c === 65279 && this.written + i === 0) continue;
      this.expectMarkup = false;
      return c !== 60;
    }
    return false;
  }
  /**
   * After markup outside the root (declaration, DOCTYPE, comment, PI, the
   * root's end tag). Stray text after it is an error only once saxes is done
   * with the markup itself, whose own errors come first (onSaxError).
   */
  afterMarkup(comment2 = false) {
    if (this.sawElement && !this.rootEnd) return;
    this.expectMarkup = true;
    this.commentGt = comment2;
    if (this.strayAhead(this.parser.position - this.written)) this.strayAt = this.parser.position;
  }
  strayText() {
    if (this.rootEnd) {
      this.fail(
        "text after the root element (a second document or trailing garbage)",
        this.rootEnd
      );
    }
    this.fail("text before any XML element: not an XML report", null);
  }
  onSaxError(message) {
    if (this.strayAt !== void 0 && this.parser.position > this.strayAt) this.strayText();
    if (message === "text data outside of root node.") this.strayText();
    this.fail(this.explain(message));
  }
  /** Stops the parse with an error at `at` (default: where the parser is; null: nowhere). */
  fail(message, at) {
    this.record(message, at);
    throw new AbortParse(message);
  }
  record(message, at) {
    if (!this.error) {
      const pos = at === void 0 ? { line: this.parser.line, column: this.parser.column } : at;
      this.error = { file: this.file, message, ...pos };
    }
    this.done = true;
  }
  open(tagName, attrs) {
    const name = localName(tagName);
    const f = this.features;
    if (!this.sawElement) {
      this.sawElement = true;
      f.root = name;
      f.rootAttrs = attrs;
    }
    if (this.stack.length >= this.limits.maxDepth) {
      this.fail(`elements nested deeper than ${this.limits.maxDepth} levels`);
    }
    if (name === "testcase") {
      if (!this.sawTestcase) {
        this.sawTestcase = true;
        f.tags.add(name);
      }
    } else if (f.tags.size < 64) f.tags.add(name);
    const top = this.stack[this.stack.length - 1];
    if (name === "testsuite" || name === "testsuites") {
      const max = this.limits.maxName;
      let file = attrs.file === void 0 ? void 0 : detach(boundName(attrs.file, max));
      if (name === "testsuite" && attrs.name === "Root Suite") this.rootSuiteFile = file;
      else if (name === "testsuite" && file === void 0) file = this.rootSuiteFile;
      const frame = {
        kind: "suite",
        name: detach(boundName(attrs.name ?? "", max)),
        file,
        hostname: attrs.hostname === void 0 ? void 0 : detach(boundName(attrs.hostname, max))
      };
      if (name === "testsuite") {
        for (const k of Object.keys(attrs)) f.suiteAttrNames.add(k);
        if (f.suiteNames.length < 50 && attrs.name !== void 0) f.suiteNames.push(frame.name);
        if (frame.file !== void 0 && f.suiteFiles.length < 50) f.suiteFiles.push(frame.file);
        if (frame.hostname !== void 0 && f.hostnames.size < 20) f.hostnames.add(frame.hostname);
      }
      this.stack.push(frame);
      this.suitePath = void 0;
      return;
    }
    if (name === "testcase") {
      this.openCase(attrs);
      return;
    }
    if (top?.kind === "case" && RESULT_TAGS.has(name)) {
      const result = {
        tag: name,
        message: detach(appendHead("", attrs.message ?? "", this.limits.maxMessage)),
        type: detach(appendHead("", attrs.type ?? "", 200)),
        body: ""
      };
      top.raw.results.push(result);
      if (RETRY_TAGS.has(name)) top.retryChildren++;
      this.stack.push({ kind: "result", result, owner: top.raw });
      this.capture(true);
      return;
    }
    if (top?.kind === "result" && name === "stackTrace") {
      this.stack.push({ kind: "stackTrace", result: top.result });
      this.capture(true);
      return;
    }
    if ((top?.kind === "case" || top?.kind === "result") && (name === "system-out" || name === "system-err")) {
      this.stack.push({
        kind: "output",
        owner: top.kind === "case" ? top.raw : top.result,
        stream: name === "system-out" ? "stdout" : "stderr"
      });
      this.capture(true);
      return;
    }
    if (name === "property" && attrs.name !== void 0 && f.propertyNames.size < 200) {
      f.propertyNames.add(attrs.name);
    }
    this.stack.push(OTHER);
  }
  openCase(attrs) {
    const f = this.features;
    if (this.counts.testcases >= this.limits.maxTestcases) {
      this.fail(
        `more than ${this.limits.maxTestcases} testcases in one file (limit); the rest was not read`
      );
    }
    if (this.counts.testcases < 64) for (const k of Object.keys(attrs)) f.caseAttrNames.add(k);
    const max = this.limits.maxName;
    const name = detach(boundName(attrs.name ?? "", max));
    const classname = attrs.classname === void 0 ? void 0 : this.intern(attrs.classname);
    if (f.caseSamples.length < 20) f.caseSamples.push({ name, classname: classname ?? "" });
    const at = this.currentSuitePath();
    const raw = {
      name,
      classname,
      className: attrs.class === void 0 ? void 0 : detach(boundName(attrs.class, max)),
      file: attrs.file === void 0 ? void 0 : detach(boundName(attrs.file, max)),
      line: short(attrs.line),
      time: short(attrs.time),
      status: short(attrs.status),
      result: short(attrs.result),
      suites: at.suites,
      suiteFile: at.suiteFile,
      project: at.project,
      results: [],
      stdout: "",
      stderr: ""
    };
    this.stack.push({ kind: "case", raw, retryChildren: 0 });
  }
  interned = /* @__PURE__ */ new Map();
  lastRaw;
  lastInterned = "";
  rootSuiteFile;
  /**
   * A classname as kept: bounded and detached from the parser's chunk, copied
   * once per distinct value (a class's testcases all repeat it).
   */
  intern(raw) {
    if (raw === this.lastRaw) return this.lastInterned;
    let v = this.interned.get(raw);
    if (v === void 0) {
      v = detach(boundName(raw, this.limits.maxName));
      if (this.interned.size < 1e4) this.interned.set(raw, v);
    }
    this.lastRaw = raw;
    this.lastInterned = v;
    return v;
  }
  /** The enclosing suites of the next testcase, computed once per suite. */
  currentSuitePath() {
    if (this.suitePath) return this.suitePath;
    const at = { suites: [] };
    for (const fr of this.stack) {
      if (fr.kind !== "suite") continue;
      at.suites.push(fr.name);
      if (fr.file !== void 0) at.suiteFile = fr.file;
      if (fr.hostname !== void 0) at.project = fr.hostname;
    }
    this.suitePath = at;
    return at;
  }
  close() {
    const fr = this.stack.pop();
    if (this.capturing) {
      const k = this.stack[this.stack.length - 1]?.kind;
      this.capture(k === "result" || k === "stackTrace" || k === "output");
    }
    if (fr?.kind === "case") this.closeCase(fr);
    else if (fr?.kind === "suite") this.suitePath = void 0;
    if (this.stack.length === 0 && !this.rootEnd && !this.scanning) {
      this.rootEnd = { line: this.parser.line, column: this.parser.column };
      this.afterMarkup();
    }
  }
  closeCase(fr) {
    const raw = fr.raw;
    const c = this.counts;
    c.testcases++;
    c.retryAttempts += fr.retryChildren;
    let failed = false;
    let skipped = false;
    for (const r of raw.results) {
      if (r.tag === "failure" || r.tag === "error") failed = true;
      else if (r.tag === "skipped") skipped = true;
      r.body = detach(r.body);
    }
    if (failed) c.failed++;
    else if (skipped) c.skipped++;
    else c.passed++;
    raw.stdout = detach(tail(raw.stdout, this.limits.maxOutput));
    raw.stderr = detach(tail(raw.stderr, this.limits.maxOutput));
    for (const r of raw.results) {
      if (r.stdout) r.stdout = detach(tail(r.stdout, this.limits.maxOutput));
      if (r.stderr) r.stderr = detach(tail(r.stderr, this.limits.maxOutput));
    }
    this.cases.push(raw);
  }
  text(t) {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    switch (top.kind) {
      case "result":
        top.result.body = appendHead(top.result.body, t, this.limits.maxStack);
        return;
      case "stackTrace":
        top.result.body = appendHead(top.result.body, t, this.limits.maxStack);
        return;
      case "output":
        if (top.stream === "stdout") {
          top.owner.stdout = appendTail(top.owner.stdout ?? "", t, this.limits.maxOutput);
        } else {
          top.owner.stderr = appendTail(top.owner.stderr ?? "", t, this.limits.maxOutput);
        }
        return;
      default:
        return;
    }
  }
};
function wellFormed(text) {
  const wf = text;
  return wf.isWellFormed() ? text : wf.toWellFormed();
}
function internalError(e) {
  return `parser error: ${e instanceof Error ? e.message : String(e)}`;
}
function stripPosition(message) {
  return message.replace(/^\d+:\d+:\s*/, "");
}
function parseReportText(file, text, options2, notes = []) {
  let b = new ReportBuilder(file, options2);
  if (!b.scanWhole(text)) {
    b = new ReportBuilder(file, options2);
    b.write(text);
  }
  for (const note of notes) b.warn(note);
  return b.finish();
}

// src/ingest/read.ts
var CHUNK = 1 << 20;
var WHOLE_MAX = 8 << 20;
var shared;
var EMPTY = new Uint8Array(0);
function fill(fd, buf) {
  let n = 0;
  for (; ; ) {
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) return n;
    n += got;
    if (n === buf.length) return n;
  }
}
var OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
var REASONS = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory",
  ENOTDIR: "a parent of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "path too long",
  EMFILE: "too many open files",
  EIO: "input/output error"
};
function reason(e) {
  const code = e?.code;
  if (code) return REASONS[code] ? `${REASONS[code]} (${code})` : code;
  return e instanceof Error ? e.message : String(e);
}
function unreadableReport(file, message) {
  return {
    file,
    tests: [],
    attempts: [],
    counts: { testcases: 0, failed: 0, skipped: 0, passed: 0, retryAttempts: 0 },
    error: { file, message },
    warnings: []
  };
}
function readReportFile(file, options2 = {}) {
  const max = options2.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let fd;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (e) {
    return unreadableReport(file, `cannot open: ${reason(e)}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      return unreadableReport(
        file,
        `not a regular file${st.isDirectory() ? " (a directory)" : ""}`
      );
    }
    if (st.size > max) {
      return unreadableReport(
        file,
        `file is ${st.size} bytes, over the ${max}-byte limit (--max-file-size)`
      );
    }
    const buf = st.size >= CHUNK && st.size < WHOLE_MAX ? Buffer.allocUnsafe(st.size + 1) : shared ??= Buffer.allocUnsafe(CHUNK);
    let n = fill(fd, buf);
    const decoder = createDecoder(buf.subarray(0, Math.min(n, 512)));
    const notes = () => [
      ...decoder.note ? [decoder.note] : [],
      ...decoder.replaced ? ["invalid byte sequences were replaced with U+FFFD"] : []
    ];
    if (n < buf.length && n <= max) {
      return parseReportText(file, decoder.decode(buf.subarray(0, n), true), options2, notes());
    }
    const builder = new ReportBuilder(file, options2);
    let total = 0;
    while (n > 0) {
      total += n;
      if (total > max)
        return unreadableReport(file, `file grew past the ${max}-byte limit while reading`);
      if (!builder.write(decoder.decode(buf.subarray(0, n)))) break;
      n = fill(fd, buf);
    }
    if (n === 0) builder.write(decoder.decode(EMPTY, true));
    for (const note of notes()) builder.warn(note);
    return builder.finish();
  } catch (e) {
    return unreadableReport(file, `cannot read: ${reason(e)}`);
  } finally {
    closeSync(fd);
  }
}

// src/ingest/wire.ts
var NONE = -1;
var OUTCOME_CODE = { passed: 0, failed: 1, error: 2, skipped: 3 };
var MAX_TESTS = 25e4;
var MAX_SHARED_CHARS = 16e6;
var Growable = class {
  length = 0;
  data;
  make;
  constructor(data, make) {
    this.data = data;
    this.make = make;
  }
  push(v) {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  take() {
    return this.data.slice(0, this.length);
  }
};
var sameTest = (a, b) => a.name === b.name && a.suite === b.suite && a.file === b.file && a.line === b.line && a.params === b.params && a.dialect === b.dialect;
var WireEncoder = class {
  tests = /* @__PURE__ */ new Map();
  defined = 0;
  strings = /* @__PURE__ */ new Map();
  chars = 0;
  maxTests;
  maxChars;
  constructor(limits = {}) {
    this.maxTests = limits.maxTests ?? MAX_TESTS;
    this.maxChars = limits.maxChars ?? MAX_SHARED_CHARS;
  }
  /**
   * `compact`: for a reader that wants only the compact form (history), so
   * output and the text of passed or skipped attempts stay behind.
   */
  encode(reports, compact = false) {
    const reset = this.defined > this.maxTests || this.chars > this.maxChars;
    if (reset) {
      this.tests = /* @__PURE__ */ new Map();
      this.defined = 0;
      this.strings = /* @__PURE__ */ new Map();
      this.chars = 0;
    }
    const shared2 = [];
    const local = [];
    const ints = new Growable(new Int32Array(1024), (n) => new Int32Array(n));
    const floats = new Growable(new Float64Array(256), (n) => new Float64Array(n));
    const { strings, tests } = this;
    const share = (s) => {
      if (s === void 0) return NONE;
      let at = strings.get(s);
      if (at === void 0) {
        at = strings.size;
        strings.set(s, at);
        shared2.push(s);
        this.chars += s.length;
      }
      return at;
    };
    const text = (s) => {
      if (s === void 0) return NONE;
      local.push(s);
      return -1 - local.length;
    };
    const meta = [];
    for (const { tests: recs, attempts, ...rest } of reports) {
      for (const t of recs) {
        const known = tests.get(t.id);
        if (known && sameTest(known.rec, t)) {
          ints.push(known.index);
          continue;
        }
        const index = this.defined++;
        tests.set(t.id, { index, rec: t });
        ints.push(index);
        ints.push(share(t.id));
        ints.push(share(t.dialect));
        ints.push(share(t.name));
        ints.push(share(t.suite));
        ints.push(share(t.file));
        ints.push(share(t.params));
        floats.push(t.line ?? NaN);
      }
      for (const a of attempts) {
        const known = tests.get(a.testId);
        ints.push(known ? known.index : -2 - share(a.testId));
        ints.push(OUTCOME_CODE[a.outcome]);
        ints.push(a.retry);
        const f = compact && a.outcome !== "failed" && a.outcome !== "error" ? void 0 : a.failure;
        ints.push(f ? text(f.message) : NONE);
        ints.push(f ? share(f.type) : NONE);
        ints.push(f ? text(f.stack) : NONE);
        ints.push(compact ? NONE : text(a.stdout));
        ints.push(compact ? NONE : text(a.stderr));
        floats.push(a.durationMs ?? NaN);
      }
      meta.push({ ...rest, tests: recs.length, attempts: attempts.length });
    }
    return {
      compact,
      reset,
      shared: JSON.stringify(shared2),
      local: JSON.stringify(local),
      meta: JSON.stringify(meta),
      ints: ints.take(),
      floats: floats.take()
    };
  }
};

// src/ingest/parse-worker.ts
var options = workerData ?? {};
var encoder = new WireEncoder();
var post = (m) => parentPort.postMessage(m);
parentPort?.on("message", ({ files, compact }) => {
  const batch = encoder.encode(
    (function* () {
      for (const f of files) yield readReportFile(f, options);
    })(),
    compact
  );
  parentPort.postMessage({ type: "reports", batch }, [
    batch.ints.buffer,
    batch.floats.buffer
  ]);
});
post({ type: "ready" });
/*! For license information please see parse-worker.js.LEGAL.txt */
