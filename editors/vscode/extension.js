// Starts `roadlint server` for YAML files and hands it to VS Code's
// language client: diagnostics, hover, go to definition, references,
// completion and quick fixes all come from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('roadlint').get('path') || 'roadlint';
  const server = { command, args: ['server'] };
  client = new LanguageClient(
    'roadlint',
    'roadlint',
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: 'file', language: 'yaml' }],
      synchronize: {
        // Configuration, roster and policy changes re-check everything.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
      },
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
