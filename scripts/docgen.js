// API.md documents the library's own API (the root module). The generated provider bindings are
// exported as the `kafka`, `kafkaConnect` and `confluent` namespaces; their reference is the
// providers' own documentation, and including them would grow API.md to several megabytes.
const { execFileSync } = require('child_process');
execFileSync('npx', ['jsii-docgen', '--submodule', 'root', '-o', 'API.md'], { stdio: 'inherit' });
