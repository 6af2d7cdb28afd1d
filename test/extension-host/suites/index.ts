// Every suite of the extension-host run; the entries (webEntry.ts, nodeEntry.ts) require this once
// Mocha's globals exist.
import './languageFeatures.suite';
import './commands.suite';
