package org.phirecords.internal.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter.In;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.phirecords.internal.web.body.BodySchemas;

/**
 * What both WARs' published documents share, declared once, as the last step of MicroProfile
 * OpenAPI (each WAR registers its subclass with {@code mp.openapi.filter}):
 *
 * <ul>
 *   <li>the request body schemas, generated from the records that {@link
 *       org.phirecords.internal.web.body.Bodies} reads and validates ({@link BodySchemas});
 *   <li>the {@code Problem} and {@code JsonDocument} schemas, and the problem+json responses {@code
 *       BadRequest}, {@code Unauthorized}, {@code Forbidden}, {@code TooManyFailures}, {@code
 *       NotFound}, {@code InternalError}, {@code Unavailable};
 *   <li>on each operation, the common error responses it can answer, unless its annotations declare
 *       that status themselves: 401, 403 and 429 where a bearer token is required (not {@link
 *       Public}); 400 where it reads input (a body, a parameter, or a {@code @BeanParam} group of
 *       query parameters); 404 where its path names an id; 500 and 503 everywhere (an unexpected
 *       failure; the audit trail, store or key service unavailable);
 *   <li>on each paged list (a {@link PageParams} parameter), its query parameters {@code limit} and
 *       {@code after} (ADR 19), which the container's scan of {@code @BeanParam} misses.
 * </ul>
 */
public class ApiDocument implements OASFilter {
  /** Response name, description. */
  private static final Map<String, String> RESPONSES =
      Map.of(
          "BadRequest", "Invalid input: malformed JSON, unknown or invalid field, bad id",
          "Unauthorized", "No valid bearer token, or one that names no tenant",
          "Forbidden", "Permission missing, or the tenant unknown, inactive or suspended",
          "TooManyFailures",
              "Too many failed authentications from the client's address (PHR-429-01); retry"
                  + " after the Retry-After header's seconds",
          "NotFound", "Absent, or outside the caller's tenant or own record",
          "InternalError",
              "Unexpected failure (an incident id is logged), or stored data failed an integrity"
                  + " check",
          "Unavailable",
              "The audit trail, the record store or key management is unavailable; nothing was"
                  + " returned or written");

  private final Class<? extends Application> application;
  private final List<Class<?>> resources;
  private final List<Class<? extends Record>> bodies;

  /**
   * The document of {@code application}, whose resource classes are {@code resources} and whose
   * request bodies are read as {@code bodies}.
   */
  protected ApiDocument(
      Class<? extends Application> application,
      List<Class<?>> resources,
      List<Class<? extends Record>> bodies) {
    this.application = application;
    this.resources = List.copyOf(resources);
    this.bodies = List.copyOf(bodies);
  }

  /** The request body records. */
  public List<Class<? extends Record>> bodies() {
    return bodies;
  }

  /** The resource classes. */
  public List<Class<?>> resources() {
    return resources;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    var components = openAPI.getComponents();
    components.addSchema("Problem", problem());
    components.addSchema(
        "JsonDocument",
        OASFactory.createSchema().description("a JSON document whose schema is not published yet"));
    BodySchemas.of(bodies).forEach(components::addSchema);
    RESPONSES.keySet().stream()
        .sorted()
        .forEach(name -> components.addResponse(name, response(RESPONSES.get(name))));
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    Map<String, Route> routes = routes();
    openAPI
        .getPaths()
        .getPathItems()
        .forEach(
            (path, item) ->
                item.getOperations()
                    .forEach(
                        (method, operation) ->
                            addCommonResponses(
                                item,
                                operation,
                                routes.getOrDefault(
                                    method.name() + " " + path, new Route(false, false, false)))));
  }

  /** What reflection tells of an operation that the document does not. */
  record Route(boolean isPublic, boolean beanParams, boolean paged) {}

  private static void addPagingParameters(Operation operation) {
    List<String> named =
        operation.getParameters() == null
            ? List.of()
            : operation.getParameters().stream()
                .map(org.eclipse.microprofile.openapi.models.parameters.Parameter::getName)
                .toList();
    if (!named.contains("limit")) {
      operation.addParameter(
          OASFactory.createParameter()
              .name("limit")
              .in(In.QUERY)
              .description("Items per page, 1 to 200 (default 50)")
              .schema(
                  OASFactory.createSchema()
                      .type(SchemaType.INTEGER)
                      .minimum(java.math.BigDecimal.ONE)
                      .maximum(java.math.BigDecimal.valueOf(200))
                      .defaultValue(50)));
    }
    if (!named.contains("after")) {
      operation.addParameter(
          OASFactory.createParameter()
              .name("after")
              .in(In.QUERY)
              .description(
                  "The next cursor of the previous page of the same list (opaque); absent for"
                      + " the first page")
              .schema(OASFactory.createSchema().type(SchemaType.STRING).maxLength(256)));
    }
  }

  private static void addCommonResponses(PathItem item, Operation operation, Route route) {
    if (route.paged()) {
      addPagingParameters(operation);
    }
    List<org.eclipse.microprofile.openapi.models.parameters.Parameter> parameters =
        Stream.concat(
                item.getParameters() == null ? Stream.empty() : item.getParameters().stream(),
                operation.getParameters() == null
                    ? Stream.empty()
                    : operation.getParameters().stream())
            .toList();
    if (operation.getResponses() == null) {
      operation.setResponses(OASFactory.createAPIResponses());
    }
    if (operation.getRequestBody() != null || !parameters.isEmpty() || route.beanParams()) {
      add(operation, "400", "BadRequest");
    }
    if (!route.isPublic()) {
      add(operation, "401", "Unauthorized");
      add(operation, "403", "Forbidden");
      add(operation, "429", "TooManyFailures");
    }
    if (parameters.stream().anyMatch(p -> p.getIn() == In.PATH)) {
      add(operation, "404", "NotFound");
    }
    add(operation, "500", "InternalError");
    add(operation, "503", "Unavailable");
  }

  private static void add(Operation operation, String status, String response) {
    if (!operation.getResponses().hasAPIResponse(status)) {
      operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().ref(response));
    }
  }

  /** The resource methods by {@code METHOD /path} as the document names them. */
  Map<String, Route> routes() {
    ApplicationPath root = application.getAnnotation(ApplicationPath.class);
    Map<String, Route> routes = new HashMap<>();
    for (Class<?> resource : resources) {
      Path classPath = resource.getAnnotation(Path.class);
      for (Method m : resource.getMethods()) {
        String verb = httpMethod(m);
        if (verb == null) {
          continue;
        }
        Path methodPath = m.getAnnotation(Path.class);
        String path =
            join(
                root == null ? "" : root.value(),
                classPath == null ? "" : classPath.value(),
                methodPath == null ? "" : methodPath.value());
        boolean beanParams = false;
        boolean paged = false;
        for (Parameter p : m.getParameters()) {
          beanParams |= p.isAnnotationPresent(BeanParam.class);
          paged |= p.getType() == PageParams.class;
        }
        routes.put(
            verb + " " + path, new Route(m.isAnnotationPresent(Public.class), beanParams, paged));
      }
    }
    return routes;
  }

  private static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value().toUpperCase(Locale.ROOT);
      }
    }
    return null;
  }

  /** Segments joined with single slashes; a template's regular expression dropped: {id}. */
  static String join(String... parts) {
    String path =
        Stream.of(parts)
            .flatMap(p -> Stream.of(p.split("/")))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.joining("/", "/", ""));
    return path.replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}");
  }

  private static APIResponse response(String description) {
    return OASFactory.createAPIResponse()
        .description(description)
        .content(
            OASFactory.createContent()
                .addMediaType(
                    Problems.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
  }

  /** RFC 9457 problem details as {@link Problems} writes them. */
  private static Schema problem() {
    return OASFactory.createSchema()
        .type(SchemaType.OBJECT)
        .description("RFC 9457 problem details with a stable code (see docs/api.md#errors)")
        .required(List.of("type", "title", "status", "code"))
        .addProperty(
            "type",
            OASFactory.createSchema()
                .type(SchemaType.STRING)
                .example("urn:phi-records:problem:PHR-404-01"))
        .addProperty("title", OASFactory.createSchema().type(SchemaType.STRING))
        .addProperty(
            "status",
            OASFactory.createSchema()
                .type(SchemaType.INTEGER)
                .minimum(java.math.BigDecimal.valueOf(400))
                .maximum(java.math.BigDecimal.valueOf(599)))
        .addProperty(
            "code",
            OASFactory.createSchema().type(SchemaType.STRING).pattern("^PHR-[0-9]{3}-[0-9]{2}$"))
        .addProperty("detail", OASFactory.createSchema().type(SchemaType.STRING))
        .addProperty(
            "field",
            OASFactory.createSchema()
                .type(SchemaType.STRING)
                .description("JSON pointer of the offending field"))
        .addProperty(
            "survivor",
            OASFactory.createSchema()
                .type(SchemaType.STRING)
                .description("PHR-410-04: the registration a merged one was merged into"));
  }
}
