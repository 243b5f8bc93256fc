/**
 * saxes, kept fast. SaxesParser.on() stores each handler with a computed key
 * (`this[name] = handler`); V8 turns an object that gets more than a dozen
 * properties that way into a slow dictionary-mode object, and every state
 * function of the parser then reads its fields through a hash lookup. With
 * the nine handlers the report parser needs, that made parsing 5-10x slower
 * (measured on the bench history). Declaring every handler field up front
 * with plain named stores in the constructor keeps the object in fast mode;
 * on() then only changes values.
 */
import { SaxesParser } from 'saxes';

interface HandlerFields {
  xmldeclHandler: unknown;
  textHandler: unknown;
  piHandler: unknown;
  doctypeHandler: unknown;
  commentHandler: unknown;
  openTagStartHandler: unknown;
  attributeHandler: unknown;
  openTagHandler: unknown;
  closeTagHandler: unknown;
  cdataHandler: unknown;
  errorHandler: unknown;
  endHandler: unknown;
  readyHandler: unknown;
}

export class FastSaxesParser extends SaxesParser {
  constructor() {
    super({ xmlns: false, position: true });
    const t = this as unknown as HandlerFields;
    t.xmldeclHandler = undefined;
    t.textHandler = undefined;
    t.piHandler = undefined;
    t.doctypeHandler = undefined;
    t.commentHandler = undefined;
    t.openTagStartHandler = undefined;
    t.attributeHandler = undefined;
    t.openTagHandler = undefined;
    t.closeTagHandler = undefined;
    t.cdataHandler = undefined;
    t.errorHandler = undefined;
    t.endHandler = undefined;
    t.readyHandler = undefined;
  }
}
