"use strict";
// Preloaded (`node --require`, through NODE_OPTIONS set by stacks/bindings.py)
// into the Node.js process that runs jsii's kernel.
//
// The AWS provider package's lib/index.js is 2,212 lines of
// `exports.<name> = require("./<module>");` (CDK Terrain's: 2,433 lines of
// `exports.<name> = __importStar(require("./<module>/index"));` after TypeScript's
// helpers, which return an ES module as it is): requiring it loads every resource
// module, about 3 s and most of the process's memory, before one resource
// exists. When Node.js compiles that file, this serves the same exports as
// getters that require their module on first use, and compiles nothing else
// differently. Only documented Node.js machinery is used (Module.prototype
// ._compile, the hook preloaded modules and coverage tools wrap); no file of
// the package is copied or changed. If the index is not made only of such
// lines, it is compiled as it is.

const fs = require("fs");
const Module = require("module");
const path = require("path");

// The provider packages served lazily: cdktf's prebuilt bindings and CDK Terrain's.
const PACKAGES = new Set(["@cdktf/provider-aws", "@cdktn/provider-aws"]);
const EXPORT =
  /^exports\.([A-Za-z_$][A-Za-z0-9_$]*) = (?:__importStar\()?require\("(\.\/[A-Za-z0-9_./-]+)"\)\)?;$/gm;

const compile = Module.prototype._compile;

Module.prototype._compile = function (content, filename) {
  if (!isProviderIndex(filename)) {
    return compile.call(this, content, filename);
  }
  const entries = [...content.matchAll(EXPORT)];
  const requires = content.match(/\brequire\(/g) || [];
  if (entries.length === 0 || entries.length !== requires.length) {
    return compile.call(this, content, filename); // not the shape we know: the usual way
  }
  const module = this;
  Object.defineProperty(module.exports, "__esModule", { value: true });
  for (const [, name, relative] of entries) {
    Object.defineProperty(module.exports, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = module.require(relative);
        Object.defineProperty(module.exports, name, {
          value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
        return value;
      },
    });
  }
  return undefined;
};

function isProviderIndex(filename) {
  if (path.basename(filename) !== "index.js" || path.basename(path.dirname(filename)) !== "lib") {
    return false;
  }
  try {
    const manifest = path.join(path.dirname(filename), "..", "package.json");
    return PACKAGES.has(JSON.parse(fs.readFileSync(manifest, "utf8")).name);
  } catch {
    return false;
  }
}
