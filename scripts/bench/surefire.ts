/**
 * Maven Surefire report writer: `TEST-<class>.xml`, one testsuite per class,
 * properties block, reruns as `flakyFailure` / `rerunFailure` children with
 * `stackTrace`. Two plugin generations appear side by side, as in a real
 * multi-module build: 2.22 (escaped text, trimmed stacks) and 3.x (CDATA,
 * full JUnit Platform stacks).
 */
import {
  drawDuration,
  drawOutcome,
  type RunContext,
  type SurefireClass,
  type TestSpec,
} from './suite.ts';
import { cdata, escapeAttr, escapeText, seconds } from './xml.ts';
import { NOUNS, ROLES, SUBAREAS, VERBS } from './words.ts';
import type { Rng } from './prng.ts';

/** Rerun count as configured by `-Dsurefire.rerunFailingTestsCount=2`. */
const RERUNS = 2;

export function surefireReport(
  cls: SurefireClass,
  run: RunContext,
): { name: string; text: string } {
  const rng = run.rng;
  const body: string[] = [];
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  let totalMs = 0;
  for (const test of cls.tests) {
    const outcome = drawOutcome(test, run);
    const ms = outcome === 'skipped' ? 0 : drawDuration(test, run);
    totalMs += ms;
    const open = `    <testcase name="${escapeAttr(test.name)}" classname="${cls.classname}" time="${seconds(ms)}"`;
    if (outcome === 'skipped') {
      skipped++;
      body.push(
        cls.legacy
          ? `${open}>\n      <skipped/>\n    </testcase>`
          : `${open}>\n      <skipped message="Disabled until ACME-${test.line * 7} is fixed"/>\n    </testcase>`,
      );
      continue;
    }
    if (outcome === 'passed') {
      body.push(
        test.outputLines > 0 && rng.chance(0.5)
          ? `${open}>\n      ${systemOut(cls, test, rng)}\n    </testcase>`
          : `${open}/>`,
      );
      continue;
    }
    const failure = javaFailure(cls, test, rng);
    const text = (t: string): string => (cls.legacy ? escapeText(t) : cdata(t));
    const attrs = `message="${escapeAttr(failure.message)}" type="${failure.type}"`;
    const kind = failure.error ? 'Error' : 'Failure';
    // A flaky test usually passes on the rerun: Surefire then writes only
    // flakyFailure children and counts the testcase as passed.
    const passesOnRerun = test.behaviour === 'flaky' && rng.chance(0.6);
    const parts: string[] = [];
    if (passesOnRerun) {
      parts.push(
        `      <flaky${kind} ${attrs}>\n        <stackTrace>${text(failure.stack)}</stackTrace>\n      </flaky${kind}>`,
      );
    } else {
      if (failure.error) errors++;
      else failures++;
      const element = failure.error ? 'error' : 'failure';
      parts.push(`      <${element} ${attrs}>${text(failure.stack)}</${element}>`);
      if (test.outputLines > 0) parts.push(`      ${systemOut(cls, test, rng)}`);
      for (let i = 0; i < RERUNS; i++) {
        parts.push(
          `      <rerun${kind} ${attrs}>\n        <stackTrace>${text(failure.stack)}</stackTrace>\n      </rerun${kind}>`,
        );
      }
    }
    body.push(`${open}>\n${parts.join('\n')}\n    </testcase>`);
  }
  const schema = cls.legacy
    ? 'surefire-test-report.xsd"'
    : 'surefire-test-report-3.0.xsd" version="3.0"';
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/${schema} name="${cls.classname}" time="${seconds(totalMs)}" tests="${cls.tests.length}" errors="${errors}" skipped="${skipped}" failures="${failures}">`,
    properties(cls),
    ...body,
    '</testsuite>',
    '',
  ].join('\n');
  return { name: `TEST-${cls.classname}.xml`, text };
}

/**
 * Surefire copies the forked JVM's system properties into every report. Real
 * ones run to several KB (the classpath alone); these are a trimmed set.
 */
function properties(cls: SurefireClass): string {
  const module = cls.classname.split('.')[2] ?? 'core';
  const home = ['', 'home', 'runner', 'work', 'shop', 'shop'].join('/');
  const repo = '/home/runner/.m2/repository';
  const jars = [
    'org/junit/jupiter/junit-jupiter-api/5.10.2/junit-jupiter-api-5.10.2.jar',
    'org/junit/jupiter/junit-jupiter-engine/5.10.2/junit-jupiter-engine-5.10.2.jar',
    'org/assertj/assertj-core/3.25.3/assertj-core-3.25.3.jar',
    'org/mockito/mockito-core/5.11.0/mockito-core-5.11.0.jar',
    'org/springframework/spring-core/6.1.5/spring-core-6.1.5.jar',
    'com/fasterxml/jackson/core/jackson-databind/2.17.0/jackson-databind-2.17.0.jar',
    'org/awaitility/awaitility/4.2.1/awaitility-4.2.1.jar',
  ];
  const props: [string, string][] = [
    ['java.runtime.name', 'OpenJDK Runtime Environment'],
    ['java.runtime.version', '21.0.2+13-LTS'],
    ['java.vm.name', 'OpenJDK 64-Bit Server VM'],
    ['java.version', '21.0.2'],
    ['java.home', '/opt/hostedtoolcache/Java_Temurin-Hotspot_jdk/21.0.2-13/x64'],
    ['java.io.tmpdir', '/tmp'],
    ['java.class.path', jars.map((j) => `${repo}/${j}`).join(':')],
    ['basedir', `${home}/${module}`],
    ['user.dir', `${home}/${module}`],
    ['user.home', '/home/runner'],
    ['user.name', 'runner'],
    ['user.timezone', 'Etc/UTC'],
    ['os.name', 'Linux'],
    ['os.arch', 'amd64'],
    ['os.version', '6.5.0-1017-azure'],
    ['file.encoding', 'UTF-8'],
    ['line.separator', '\n'],
    ['sun.java.command', `${home}/${module}/target/surefire/surefirebooter-20240611.jar`],
    [
      'surefire.test.class.path',
      `${home}/${module}/target/test-classes:${home}/${module}/target/classes`,
    ],
    ['localRepository', repo],
    ['spring.profiles.active', 'test'],
  ];
  const lines = props.map(
    ([name, value]) => `    <property name="${name}" value="${escapeAttr(value)}"/>`,
  );
  return `  <properties>\n${lines.join('\n')}\n  </properties>`;
}

function systemOut(cls: SurefireClass, test: TestSpec, rng: Rng): string {
  const logger = cls.classname.replace(/\.[^.]+$/, '');
  const lines: string[] = [];
  for (let i = 0; i < test.outputLines; i++) {
    const ms = String(rng.int(1000)).padStart(3, '0');
    lines.push(
      `10:${String(rng.int(60)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}.${ms} [main] ${rng.pick(['INFO ', 'DEBUG', 'WARN '])} ${logger}.${rng.pick(NOUNS)}${rng.pick(ROLES)} - ${rng.pick(VERBS)} ${rng.pick(NOUNS).toLowerCase()} id=${rng.int(100000)} took ${rng.int(250)}ms`,
    );
  }
  const text = `${lines.join('\n')}\n`;
  return `<system-out>${cls.legacy ? escapeText(text) : cdata(text)}</system-out>`;
}

interface JavaFailure {
  message: string;
  type: string;
  stack: string;
  /** True for exceptions other than AssertionError: Surefire writes `<error>`. */
  error: boolean;
}

function javaFailure(cls: SurefireClass, test: TestSpec, rng: Rng): JavaFailure {
  const method = test.name.replace(/\(.*$/, '');
  const testFrame = `\tat ${cls.classname}.${method}(${cls.simpleName}.java:${test.line})`;
  const pkg = cls.classname.replace(/\.[^.]+\.[^.]+$/, '');
  const appFrames = Array.from({ length: rng.between(1, 4) }, () => {
    const type = `${rng.pick(NOUNS)}${rng.pick(ROLES)}`;
    return `\tat ${pkg}.${rng.pick(SUBAREAS)}.${type}.${rng.pick(VERBS)}${rng.pick(NOUNS)}(${type}.java:${rng.between(20, 600)})`;
  });
  // 2.22 with trimStackTrace=true keeps only the test class's frames.
  const tail = cls.legacy ? [testFrame] : [testFrame, ...PLATFORM_FRAMES];
  const a = rng.between(1, 500);
  const b = a + rng.between(1, 9);
  switch (test.failKind % 5) {
    case 0: {
      const message = `expected: <${a}> but was: <${b}>`;
      const type = 'org.opentest4j.AssertionFailedError';
      return {
        message,
        type,
        error: false,
        stack: [`${type}: ${message}`, ...JUNIT_ASSERT, ...tail].join('\n'),
      };
    }
    case 1: {
      const id = (n: number): string => `"${rng.pick(NOUNS).toLowerCase()}-${n}"`;
      const message = `\nExpecting actual:\n  [${id(a)}, ${id(b)}, ${id(a + 1)}]\nto contain exactly in any order:\n  [${id(a)}, ${id(b)}]\nbut the following elements were unexpected:\n  [${id(a + 1)}]\n`;
      const type = 'java.lang.AssertionError';
      return {
        message,
        type,
        error: false,
        stack: [`${type}: ${message}`, ...ASSERTJ, ...tail].join('\n'),
      };
    }
    case 2: {
      const message = `Condition with ${pkg}.${rng.pick(NOUNS)}${rng.pick(ROLES)} was not fulfilled within ${rng.pick([5, 10, 30])} seconds.`;
      const type = 'org.awaitility.core.ConditionTimeoutException';
      return {
        message,
        type,
        error: true,
        stack: [`${type}: ${message}`, ...AWAITILITY, ...tail].join('\n'),
      };
    }
    case 3: {
      const noun = rng.pick(NOUNS);
      const message = `Cannot invoke "${pkg}.domain.${noun}.getId()" because "${noun.toLowerCase()}" is null`;
      const type = 'java.lang.NullPointerException';
      return {
        message,
        type,
        error: true,
        stack: [`${type}: ${message}`, ...appFrames, ...tail].join('\n'),
      };
    }
    default: {
      const url = `http://localhost:${rng.between(8080, 8099)}/api/${rng.pick(NOUNS).toLowerCase()}s/${a}`;
      const message = `I/O error on GET request for "${url}": Connection refused`;
      const type = 'org.springframework.web.client.ResourceAccessException';
      const cause = [
        'Caused by: java.net.ConnectException: Connection refused',
        '\tat java.base/sun.nio.ch.Net.pollConnect(Native Method)',
        '\tat java.base/sun.nio.ch.Net.pollConnectNow(Net.java:682)',
        '\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:542)',
        '\tat java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:592)',
        '\tat java.base/java.net.Socket.connect(Socket.java:751)',
        '\tat java.base/sun.net.www.http.HttpClient.openServer(HttpClient.java:531)',
        `\t... ${tail.length + 8} more`,
      ];
      const stack = [`${type}: ${message}`, ...SPRING_WEB, ...appFrames, ...tail, ...cause];
      return { message, type, error: true, stack: stack.join('\n') };
    }
  }
}

const JUNIT_ASSERT = [
  '\tat org.junit.jupiter.api.AssertionFailureBuilder.build(AssertionFailureBuilder.java:151)',
  '\tat org.junit.jupiter.api.AssertionFailureBuilder.buildAndThrow(AssertionFailureBuilder.java:132)',
  '\tat org.junit.jupiter.api.AssertEquals.failNotEqual(AssertEquals.java:197)',
  '\tat org.junit.jupiter.api.AssertEquals.assertEquals(AssertEquals.java:150)',
  '\tat org.junit.jupiter.api.Assertions.assertEquals(Assertions.java:563)',
];

const ASSERTJ = [
  '\tat java.base/jdk.internal.reflect.DirectConstructorHandleAccessor.newInstance(DirectConstructorHandleAccessor.java:62)',
  '\tat java.base/java.lang.reflect.Constructor.newInstanceWithCaller(Constructor.java:502)',
  '\tat org.assertj.core.error.ShouldContainExactlyInAnyOrder.create(ShouldContainExactlyInAnyOrder.java:64)',
  '\tat org.assertj.core.internal.Iterables.assertContainsExactlyInAnyOrder(Iterables.java:1231)',
  '\tat org.assertj.core.api.AbstractIterableAssert.containsExactlyInAnyOrder(AbstractIterableAssert.java:354)',
];

const AWAITILITY = [
  '\tat org.awaitility.core.ConditionAwaiter.await(ConditionAwaiter.java:167)',
  '\tat org.awaitility.core.CallableCondition.await(CallableCondition.java:78)',
  '\tat org.awaitility.core.CallableCondition.await(CallableCondition.java:26)',
  '\tat org.awaitility.core.ConditionFactory.until(ConditionFactory.java:1006)',
  '\tat org.awaitility.core.ConditionFactory.until(ConditionFactory.java:975)',
];

const SPRING_WEB = [
  '\tat org.springframework.web.client.RestTemplate.createResourceAccessException(RestTemplate.java:905)',
  '\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:885)',
  '\tat org.springframework.web.client.RestTemplate.execute(RestTemplate.java:790)',
  '\tat org.springframework.web.client.RestTemplate.getForObject(RestTemplate.java:380)',
];

const ENGINE = 'org.junit.jupiter.engine';
const HIER = 'org.junit.platform.engine.support.hierarchical';
/** One level of JUnit Platform's recursive executor; a trace repeats it per container. */
const NODE_TASK = [
  `\tat ${HIER}.NodeTestTask.lambda$executeRecursively$6(NodeTestTask.java:151)`,
  `\tat ${HIER}.ThrowableCollector.execute(ThrowableCollector.java:73)`,
  `\tat ${HIER}.NodeTestTask.lambda$executeRecursively$8(NodeTestTask.java:141)`,
  `\tat ${HIER}.Node.around(Node.java:137)`,
  `\tat ${HIER}.NodeTestTask.lambda$executeRecursively$9(NodeTestTask.java:139)`,
  `\tat ${HIER}.ThrowableCollector.execute(ThrowableCollector.java:73)`,
  `\tat ${HIER}.NodeTestTask.executeRecursively(NodeTestTask.java:138)`,
  `\tat ${HIER}.NodeTestTask.execute(NodeTestTask.java:95)`,
];
const PLATFORM_FRAMES = [
  '\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  '\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)',
  '\tat org.junit.platform.commons.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:728)',
  `\tat ${ENGINE}.execution.MethodInvocation.proceed(MethodInvocation.java:60)`,
  `\tat ${ENGINE}.execution.InvocationInterceptorChain$ValidatingInvocation.proceed(InvocationInterceptorChain.java:131)`,
  `\tat ${ENGINE}.extension.TimeoutExtension.intercept(TimeoutExtension.java:156)`,
  `\tat ${ENGINE}.extension.TimeoutExtension.interceptTestableMethod(TimeoutExtension.java:147)`,
  `\tat ${ENGINE}.extension.TimeoutExtension.interceptTestMethod(TimeoutExtension.java:86)`,
  `\tat ${ENGINE}.execution.InterceptingExecutableInvoker$ReflectiveInterceptorCall.lambda$ofVoidMethod$0(InterceptingExecutableInvoker.java:103)`,
  `\tat ${ENGINE}.execution.InterceptingExecutableInvoker.lambda$invoke$0(InterceptingExecutableInvoker.java:93)`,
  `\tat ${ENGINE}.execution.InvocationInterceptorChain$InterceptedInvocation.proceed(InvocationInterceptorChain.java:106)`,
  `\tat ${ENGINE}.execution.InvocationInterceptorChain.proceed(InvocationInterceptorChain.java:64)`,
  `\tat ${ENGINE}.execution.InvocationInterceptorChain.chainAndInvoke(InvocationInterceptorChain.java:45)`,
  `\tat ${ENGINE}.execution.InvocationInterceptorChain.invoke(InvocationInterceptorChain.java:37)`,
  `\tat ${ENGINE}.execution.InterceptingExecutableInvoker.invoke(InterceptingExecutableInvoker.java:92)`,
  `\tat ${ENGINE}.execution.InterceptingExecutableInvoker.invoke(InterceptingExecutableInvoker.java:86)`,
  `\tat ${ENGINE}.descriptor.TestMethodTestDescriptor.lambda$invokeTestMethod$7(TestMethodTestDescriptor.java:218)`,
  `\tat ${HIER}.ThrowableCollector.execute(ThrowableCollector.java:73)`,
  `\tat ${ENGINE}.descriptor.TestMethodTestDescriptor.invokeTestMethod(TestMethodTestDescriptor.java:214)`,
  `\tat ${ENGINE}.descriptor.TestMethodTestDescriptor.execute(TestMethodTestDescriptor.java:139)`,
  `\tat ${ENGINE}.descriptor.TestMethodTestDescriptor.execute(TestMethodTestDescriptor.java:69)`,
  ...NODE_TASK,
  '\tat java.base/java.util.ArrayList.forEach(ArrayList.java:1596)',
  `\tat ${HIER}.SameThreadHierarchicalTestExecutorService.invokeAll(SameThreadHierarchicalTestExecutorService.java:41)`,
  ...NODE_TASK,
  '\tat java.base/java.util.ArrayList.forEach(ArrayList.java:1596)',
  `\tat ${HIER}.SameThreadHierarchicalTestExecutorService.invokeAll(SameThreadHierarchicalTestExecutorService.java:41)`,
  ...NODE_TASK,
  `\tat ${HIER}.SameThreadHierarchicalTestExecutorService.submit(SameThreadHierarchicalTestExecutorService.java:35)`,
  `\tat ${HIER}.HierarchicalTestExecutor.execute(HierarchicalTestExecutor.java:57)`,
  `\tat ${HIER}.HierarchicalTestEngine.execute(HierarchicalTestEngine.java:54)`,
  '\tat org.junit.platform.launcher.core.EngineExecutionOrchestrator.execute(EngineExecutionOrchestrator.java:198)',
  '\tat org.junit.platform.launcher.core.EngineExecutionOrchestrator.execute(EngineExecutionOrchestrator.java:169)',
  '\tat org.junit.platform.launcher.core.EngineExecutionOrchestrator.execute(EngineExecutionOrchestrator.java:93)',
  '\tat org.junit.platform.launcher.core.DefaultLauncher.execute(DefaultLauncher.java:103)',
  '\tat org.junit.platform.launcher.core.DelegatingLauncher.execute(DelegatingLauncher.java:47)',
  '\tat org.apache.maven.surefire.junitplatform.LazyLauncher.execute(LazyLauncher.java:56)',
  '\tat org.apache.maven.surefire.junitplatform.JUnitPlatformProvider.execute(JUnitPlatformProvider.java:184)',
  '\tat org.apache.maven.surefire.junitplatform.JUnitPlatformProvider.invokeAllTests(JUnitPlatformProvider.java:148)',
  '\tat org.apache.maven.surefire.junitplatform.JUnitPlatformProvider.invoke(JUnitPlatformProvider.java:122)',
  '\tat org.apache.maven.surefire.booter.ForkedBooter.runSuitesInProcess(ForkedBooter.java:385)',
  '\tat org.apache.maven.surefire.booter.ForkedBooter.execute(ForkedBooter.java:162)',
  '\tat org.apache.maven.surefire.booter.ForkedBooter.run(ForkedBooter.java:507)',
  '\tat org.apache.maven.surefire.booter.ForkedBooter.main(ForkedBooter.java:495)',
];
