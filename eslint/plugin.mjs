// Fleetprint's own lint rules (eslint.config.mjs). Small on purpose: each guards one convention in README "Lint".

/** `// eslint-disable… rule -- reason`: a disable without a reason hides a finding nobody can judge later. */
const disableNeedsReason = {
  meta: { type: "suggestion", messages: { reason: "Say why on the same line: `// eslint-disable-next-line <rule> -- <reason>`." }, schema: [] },
  create(context) {
    return {
      Program() {
        for (const c of context.sourceCode.getAllComments()) {
          const text = c.value.trim();
          if (/^eslint-disable(-next-line|-line)?(\s|$)/.test(text) && !/\s--\s*\S/.test(text)) context.report({ loc: c.loc, messageId: "reason" });
        }
      },
    };
  },
};

/**
 * A "use client" module is bundled for the browser with everything it imports: no database, server or service
 * code, and no request headers. `import "server-only"` in those modules makes `next build` fail as well; this rule
 * says so at lint time, in the editor, with what to do instead. Type-only imports are erased, so they pass.
 */
const noServerCodeInClient = {
  meta: {
    type: "problem",
    messages: { server: "'{{source}}' is server code and this is a \"use client\" module: fetch the data in the server page and pass it as props (or a server action as a prop)." },
    schema: [{ type: "object", properties: { modules: { type: "array", items: { type: "string" } } }, additionalProperties: false }],
  },
  create(context) {
    const body = context.sourceCode.ast.body;
    const isClient = body.some((s) => s.type === "ExpressionStatement" && s.directive === "use client");
    if (!isClient) return {};
    const patterns = (context.options[0]?.modules ?? []).map((m) => new RegExp(m));
    const check = (node, source) => {
      if (typeof source === "string" && patterns.some((p) => p.test(source))) context.report({ node, messageId: "server", data: { source } });
    };
    return {
      ImportDeclaration(node) {
        const typeOnly = node.importKind === "type" || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type"));
        if (!typeOnly) check(node, node.source.value);
      },
      ExportNamedDeclaration(node) {
        if (node.source && node.exportKind !== "type") check(node, node.source.value);
      },
      ExportAllDeclaration(node) {
        if (node.exportKind !== "type") check(node, node.source.value);
      },
      ImportExpression(node) {
        if (node.source.type === "Literal") check(node, node.source.value);
      },
    };
  },
};

/**
 * A module of a server folder starts with `import "server-only"`, so `next build` fails when a client module reaches
 * it, even through a shared component this lint cannot see as client code. A module that only declares types has no
 * code to protect and may leave it out.
 */
const serverOnlyMarker = {
  meta: {
    type: "problem",
    messages: { missing: 'This module is server code: begin it with `import "server-only";` so that a client module importing it fails the build.' },
    schema: [],
  },
  create(context) {
    return {
      Program(program) {
        const marked = program.body.some((s) => s.type === "ImportDeclaration" && s.source.value === "server-only");
        const typesOnly = program.body.every((s) => s.type === "TSTypeAliasDeclaration" || s.type === "TSInterfaceDeclaration" || (s.type === "ImportDeclaration" && s.importKind === "type") || (s.type === "ExportNamedDeclaration" && (s.exportKind === "type" || (s.declaration && /^TS(TypeAlias|Interface)Declaration$/.test(s.declaration.type)))));
        if (!marked && !typesOnly) context.report({ node: program, messageId: "missing" });
      },
    };
  },
};

export default {
  meta: { name: "fleetprint" },
  rules: { "disable-needs-reason": disableNeedsReason, "no-server-code-in-client": noServerCodeInClient, "server-only-marker": serverOnlyMarker },
};
