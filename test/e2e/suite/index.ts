// Entry of the mocha suite that runs inside the extension host (bundled by test/e2e/prepare.mjs to
// dist/e2e/suite/index.js; VS Code calls run() and reports its outcome to whoever launched it).
import Mocha from 'mocha';
import { say } from './env';

export async function run(): Promise<void> {
  // Reporters print through Base.consoleLog; formatting here keeps mocha's printf-style arguments intact.
  Mocha.reporters.Base.consoleLog = say;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5000 });
  // The spec files are bundled in, so they are required here, between the events mocha's loadFiles would emit.
  mocha.suite.emit('pre-require', globalThis, 'suite', mocha);
  require('./activation.test');
  require('./replay.test');
  require('./rerun.test');
  require('./hover.test');
  require('./whatIf.test');
  require('./cancel.test');
  require('./badCapture.test');
  require('./measuredAfter.test');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
