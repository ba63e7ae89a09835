import GeoKit
import Hummingbird
import Store

/// The landing page, the conformance declaration and the API definition.
struct LandingController: Sendable {
    let dependencies: ServerDependencies

    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    ]
    static let openAPIType = "application/vnd.oai.openapi+json;version=3.0"

    func addRoutes(to router: RouterGroup<PermitWatchRequestContext>) {
        router.get("/", use: landing)
        router.get("conformance", use: conformance)
        router.get("api", use: api)
        router.get("api.html", use: apiPage)
    }

    @Sendable func landing(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let format = try ResponseFormat.negotiate(request, allowed: [.json, .html])
        let links = LinkBuilder(request)
        let entries: [(String, String, String, String)] = [
            ("/", "self", "application/json", "This document"),
            ("/?f=html", "alternate", "text/html", "This document as HTML"),
            ("/api", "service-desc", Self.openAPIType, "The API definition (OpenAPI 3.0)"),
            ("/api.html", "service-doc", "text/html", "The API documentation"),
            ("/conformance", "conformance", "application/json", "Conformance classes"),
            ("/collections", "data", "application/json", "The feature collections"),
            ("/queries", "http://permitwatch.local/rel/queries", "application/json", "The query catalog"),
            ("/map", "http://permitwatch.local/rel/map", "text/html", "The map"),
        ]
        // The system every distance, cell and route is measured in: read once by the store,
        // on a worker the first time.
        let store = dependencies.store
        let metricCRS = try await dependencies.workers.run(.read) { try store.metricCRS() }
        if format == .html {
            let crs = metricCRS.map { "<code>\(HTMLPage.escape($0.description))</code> (\(HTMLPage.escape($0.name)))" } ?? "none yet (chosen at the first ingest)"
            let body = "<p>Fixed pollution sources, their permits and enforcement areas, as OGC API - Features.</p>"
                + "<p>Distances, grid cells, clusters, hot spots and routes are measured in the metric CRS \(crs).</p><ul>"
                + entries.dropFirst(2).map { "<li>\(HTMLPage.link($0.0, $0.3))</li>" }.joined() + "</ul>"
            return Responses.html(HTMLPage.render(title: "permitwatch", body: body))
        }
        var members: [(String, JSONValue)] = [
            ("title", "permitwatch"),
            ("description", "Fixed pollution sources of a province with their permit status, enforcement areas and grids, as OGC API - Features; named queries; analytics."),
        ]
        if let metricCRS {
            members.append(("metricCRS", .object(JSONObject([
                ("id", .string(metricCRS.description)), ("name", .string(metricCRS.name)), ("proj", .string(metricCRS.projString)),
            ]))))
        }
        members.append(("links", .array(entries.map { CollectionDocument.link(links.url($0.0), $0.1, $0.2, $0.3) })))
        return Responses.json(.object(JSONObject(members)))
    }

    @Sendable func conformance(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        if try ResponseFormat.negotiate(request, allowed: [.json, .html]) == .html {
            return Responses.html(HTMLPage.render(title: "Conformance", body: "<ul>" + Self.conformance.map { "<li>\(HTMLPage.escape($0))</li>" }.joined() + "</ul>"))
        }
        return Responses.json(.object(["conformsTo": .array(Self.conformance.map { .string($0) })]))
    }

    @Sendable func api(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let document = OpenAPIDocument.build(catalog: dependencies.catalog, configuration: dependencies.configuration, serverURL: LinkBuilder(request).base)
        return Responses.json(document, contentType: Self.openAPIType)
    }

    @Sendable func apiPage(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let document = OpenAPIDocument.build(catalog: dependencies.catalog, configuration: dependencies.configuration, serverURL: LinkBuilder(request).base)
        var rows: [[String]] = []
        for (path, item) in document["paths"]?.objectValue ?? JSONObject() {
            let summary = item["get"]?["summary"]?.stringValue ?? ""
            let parameters = (item["get"]?["parameters"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue ?? $0["$ref"]?.stringValue?.split(separator: "/").last.map(String.init) }
            rows.append([path, summary, parameters.joined(separator: ", ")])
        }
        let body = "<p>The machine-readable definition is " + HTMLPage.link("/api", "/api") + " (OpenAPI 3.0).</p>"
            + HTMLPage.table(header: ["path", "what it does", "parameters"], rows: rows)
        return Responses.html(HTMLPage.render(title: "API", body: body))
    }
}
