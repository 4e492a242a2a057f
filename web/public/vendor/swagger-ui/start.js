// Starts Swagger UI on /docs with the OpenAPI document its page names. A file rather than an inline script, so the
// page's Content-Security-Policy needs no exception.
const root = document.getElementById("swagger-ui");
window.ui = SwaggerUIBundle({
  url: root.dataset.openapiUrl,
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
