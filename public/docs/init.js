// Starts Swagger UI on the registry's OpenAPI document (kept out of the page for the CSP).
window.addEventListener('load', function () {
  var root = document.getElementById('swagger-ui')
  window.ui = SwaggerUIBundle({ url: root.dataset.spec, dom_id: '#swagger-ui', deepLinking: true })
})
