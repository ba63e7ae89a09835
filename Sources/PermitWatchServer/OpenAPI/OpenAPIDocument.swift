import GeoKit
import PermitWatch
import Store

/// The OpenAPI 3.0 definition of the whole API, built from the collections and the catalog,
/// so it cannot drift from what the server answers.
///
/// Each collection's items path is spelled out with its own query parameters, because GDAL's
/// OAPIF driver reads them there to decide which attribute filters the server can apply.
enum OpenAPIDocument {
    static func build(catalog: QueryCatalog, configuration: ServerConfiguration, serverURL: String) -> JSONValue {
        let paths = capabilityPaths() + featurePaths() + queryPaths(catalog, configuration: configuration) + analyticsPaths()
            + fieldWritePaths() + operationsPaths()
        // With --require-token-for-reads every operation but /health needs a reader's token.
        let everyRead: [(String, JSONValue)] = configuration.requireTokenForReads ? [("security", [.object(["bearerAuth": []])])] : []
        return .object(JSONObject([
            ("openapi", "3.0.3"),
            ("info", .object(JSONObject([
                ("title", "permitwatch"),
                ("version", .string(PermitWatchVersion.current)),
                ("description", "Fixed pollution sources, permits and enforcement areas of a province as OGC API - Features, with the named query catalog. Read-only but for the route plans POST /analytics/routes stores. Reads are open; analytics on request and the whole province's weekly report need a bearer token of role reader, writes one of role editor."),
            ]))),
            ("servers", [.object(["url": .string(serverURL)])]),
            ("tags", [
                .object(["name": "Capabilities"]), .object(["name": "Data"]), .object(["name": "Queries"]), .object(["name": "Analytics"]), .object(["name": "Field"]), .object(["name": "Operations"]),
            ]),
            ("paths", .object(JSONObject(paths))),
        ] + everyRead + [
            ("components", .object(JSONObject([
                ("securitySchemes", .object(["bearerAuth": .object(JSONObject([
                    ("type", "http"), ("scheme", "bearer"),
                    ("description", "A token made by `permitwatch token create --name NAME --role reader|editor|admin`, sent as `Authorization: Bearer TOKEN`. Reader: analytics on request and whole-province reports; editor: writes; admin: uploads."),
                ]))])),
                ("parameters", parametersComponent(configuration)),
                ("schemas", schemas),
                ("responses", .object(JSONObject([
                    ("Problem", .object(JSONObject([
                        ("description", "An error, as an RFC 7807 problem document naming what is wrong"),
                        ("content", .object(["application/problem+json": .object(["schema": schemaRef("Problem")])])),
                    ]))),
                ]))),
            ]))),
        ]))
    }

    /// The landing page, conformance, the API definition and the collections' metadata.
    private static func capabilityPaths() -> [(String, JSONValue)] {
        [
            ("/", get("Landing page: links to everything else", tag: "Capabilities", parameters: [ref("f")], response: schemaRef("LandingPage"), alternates: [html])),
            ("/conformance", get("The conformance classes the server implements", tag: "Capabilities", parameters: [ref("f")], response: schemaRef("ConfClasses"), alternates: [html])),
            ("/api", get("This API definition", tag: "Capabilities", parameters: [], response: .object(["type": "object"]), contentType: LandingController.openAPIType)),
            ("/api.html", get("This API definition as an HTML page", tag: "Capabilities", parameters: [], response: .object(["type": "string"]), contentType: "text/html")),
            ("/collections", get("The feature collections", tag: "Capabilities", parameters: [ref("f")], response: schemaRef("Collections"), alternates: [html])),
            ("/collections/{collectionId}", get(
                "One collection's metadata: extent, queryables, links", tag: "Capabilities",
                parameters: [ref("collectionId"), ref("f")], response: schemaRef("Collection"), notFound: true, alternates: [html])),
            ("/collections/{collectionId}/queryables", get(
                "The properties the collection's items can be filtered on (JSON Schema)", tag: "Capabilities",
                parameters: [ref("collectionId")], response: .object(["type": "object"]), contentType: "application/schema+json", notFound: true)),
        ]
    }

    /// Every collection's items, spelled out with its own queryable properties, and one feature.
    private static func featurePaths() -> [(String, JSONValue)] {
        var paths: [(String, JSONValue)] = []
        // The generic form, where clients (GDAL among them) look for the page size limits.
        paths.append(("/collections/{collectionId}/items", get(
            "Any collection's features, by page", tag: "Data",
            parameters: [ref("collectionId"), ref("bbox"), ref("limit"), ref("offset"), ref("datetime"), ref("f")],
            response: schemaRef("FeatureCollectionGeoJSON"), contentType: "application/geo+json", notFound: true, alternates: [html])))
        for definition in FeatureCollectionDefinition.all {
            var parameters: [JSONValue] = [ref("bbox"), ref("limit"), ref("offset"), ref("f")]
            if definition.temporalProperty != nil { parameters.append(ref("datetime")) }
            for property in definition.queryables {
                parameters.append(.object(JSONObject([
                    ("name", .string(property.name)), ("in", "query"), ("required", false),
                    ("description", .string("Only features whose \(property.name) equals this value. \(property.description)")),
                    ("schema", CollectionDocument.schema(property)), ("style", "form"), ("explode", false),
                ])))
            }
            paths.append(("/collections/\(definition.id)/items", get(
                "\(definition.title): features, by page", tag: "Data", parameters: parameters,
                response: schemaRef("FeatureCollectionGeoJSON"), contentType: "application/geo+json", badRequest: true, alternates: [html])))
        }
        paths.append(("/collections/{collectionId}/items/{featureId}", get(
            "One feature", tag: "Data", parameters: [ref("collectionId"), ref("featureId"), ref("f")],
            response: schemaRef("FeatureGeoJSON"), contentType: "application/geo+json", notFound: true, alternates: [html])))
        return paths
    }

    /// The catalog and each of its queries with its declared parameters.
    private static func queryPaths(_ catalog: QueryCatalog, configuration: ServerConfiguration) -> [(String, JSONValue)] {
        var paths: [(String, JSONValue)] = []
        paths.append(("/queries", get("The query catalog: every named query with its parameters", tag: "Queries", parameters: [ref("f")], response: .object(["type": "object"]), alternates: [html])))
        for query in catalog.all {
            var parameters: [JSONValue] = query.parameters.map { parameter in
                var members: [(String, JSONValue)] = [
                    ("name", .string(parameter.name)), ("in", "query"),
                    ("description", .string("\(parameter.description) (\(parameter.kind.expected))")),
                ]
                var schema: [(String, JSONValue)] = [("type", parameter.kind == .integer ? "integer" : parameter.kind == .real ? "number" : "string")]
                switch parameter.requirement {
                case .required: members.append(("required", true))
                case .optional: members.append(("required", false))
                case .defaultValue(let value):
                    members.append(("required", false))
                    schema.append(("default", parameter.kind == .integer ? (Int(value).map { .number(Double($0)) } ?? .string(value)) : parameter.kind == .real ? (Double(value).map { .number($0) } ?? .string(value)) : .string(value)))
                }
                members.append(("schema", .object(JSONObject(schema))))
                return .object(JSONObject(members))
            }
            let formats: [JSONValue] = query.geometryColumn == nil ? ["json", "csv", "html"] : ["geojson", "json", "csv", "html"]
            parameters.append(.object(JSONObject([
                ("name", "f"), ("in", "query"), ("required", false), ("description", "The output format."),
                ("schema", .object(JSONObject([("type", "string"), ("enum", .array(formats)), ("default", formats[0])]))),
            ])))
            parameters.append(.object(JSONObject([
                ("name", "limit"), ("in", "query"), ("required", false), ("description", "At most this many rows."),
                ("schema", .object(JSONObject([("type", "integer"), ("minimum", 0), ("maximum", .number(Double(configuration.maximumQueryRows)))]))),
            ])))
            paths.append(("/queries/\(query.name)", get(
                "\(query.title): \(query.description)", tag: "Queries", parameters: parameters,
                response: query.geometryColumn == nil ? .object(["type": "array", "items": .object(["type": "object"])]) : schemaRef("FeatureCollectionGeoJSON"),
                contentType: query.geometryColumn == nil ? "application/json" : "application/geo+json", badRequest: true,
                alternates: (query.geometryColumn == nil ? [] : [ResultFormat.json.mediaType]) + [ResultFormat.csv.mediaType, html])))
        }
        return paths
    }

    /// Clusters, hot spots, the weekly report and route planning, computed on request.
    private static func analyticsPaths() -> [(String, JSONValue)] {
        var paths: [(String, JSONValue)] = []
        func queryParameter(_ name: String, _ description: String, _ schema: JSONValue) -> JSONValue {
            .object(JSONObject([("name", .string(name)), ("in", "query"), ("required", false), ("description", .string(description)), ("schema", schema)]))
        }
        let formats: JSONValue = .object(JSONObject([("type", "string"), ("enum", ["geojson", "json", "csv"]), ("default", "geojson")]))
        paths.append(("/analytics/clusters", get(
            "DBSCAN clusters computed now with these parameters (not stored): outlines with members, risk and neighbourhood", tag: "Analytics",
            parameters: [
                queryParameter("status", "Statuses to cluster, comma-separated (default unlicensed).", .object(["type": "string"])),
                queryParameter("area", "Only sources of this prefecture, county, town or grid code.", .object(["type": "string"])),
                queryParameter("eps", "Neighbourhood radius, metres (default 300).", .object(JSONObject([("type", "number"), ("exclusiveMinimum", true), ("minimum", 0)]))),
                queryParameter("min_points", "Sources within eps, itself included, that make a core point (default 5).", .object(JSONObject([("type", "integer"), ("minimum", 1)]))),
                queryParameter("concave", "Use a concave hull as the outline.", .object(["type": "boolean"])),
                queryParameter("as_of", "Day deadlines are judged on (YYYY-MM-DD).", .object(JSONObject([("type", "string"), ("format", "date")]))),
                queryParameter("members", "source_id,cluster for every selected source instead (CSV or JSON).", .object(["type": "boolean"])),
                queryParameter("f", "Output format.", formats),
            ],
            response: schemaRef("FeatureCollectionGeoJSON"), contentType: "application/geo+json", badRequest: true, role: .reader,
            alternates: [ResultFormat.json.mediaType, ResultFormat.csv.mediaType])))
        paths.append(("/analytics/hotspots", get(
            "Getis-Ord Gi* hot spots computed now with these parameters (not stored): cell polygons with value, z, p, bin", tag: "Analytics",
            parameters: [
                queryParameter("grid", "square:METRES or admin (default square:1000).", .object(["type": "string"])),
                queryParameter("value", "count:STATUS or rate:STATUS (default count:unlicensed).", .object(["type": "string"])),
                queryParameter("neighbours", "queen or band:METRES (square grids; admin grids use shared borders).", .object(["type": "string"])),
                queryParameter("fdr", "Bin at the Benjamini–Hochberg cut-offs.", .object(["type": "boolean"])),
                queryParameter("area", "Only sources of this area code.", .object(["type": "string"])),
                queryParameter("f", "Output format.", formats),
            ],
            response: schemaRef("FeatureCollectionGeoJSON"), contentType: "application/geo+json", badRequest: true, role: .reader,
            alternates: [ResultFormat.json.mediaType, ResultFormat.csv.mediaType])))
        paths.append(("/reports/weekly", get(
            "The weekly report of unlicensed sources by grid, as the history stood at the end of an ISO week (the whole province's needs a reader's token; one area's is open)", tag: "Analytics",
            parameters: [
                queryParameter("week", "ISO week, e.g. 2020-W40 (default: the last complete week of the data).", .object(["type": "string"])),
                queryParameter("grid", "admin or square:METRES (default admin).", .object(["type": "string"])),
                queryParameter("area", "Only this prefecture, county, town or grid code.", .object(["type": "string"])),
                queryParameter("inspection_weeks", "Weeks an inspection counts for (default 4).", .object(["type": "integer", "minimum": 1])),
                queryParameter("f", "Output format (default html).", .object(["type": "string", "enum": ["html", "csv", "json", "geojson", "md"]])),
            ],
            response: .object(["type": "string"]), contentType: "text/html", badRequest: true, role: .reader, tokenOptional: true,
            alternates: [WeeklyReportFormat.csv, .json, .geojson, .md].map(\.mediaType))))
        paths.append(("/analytics/routes", .object(["post": .object(JSONObject([
            ("summary", "Inspection routes planned now from a JSON body of parameters, stored as /collections/routes (unless \"store\": false; the Link header names them): one LineString per team and the stops with their times"),
            ("tags", ["Analytics"]),
            ("parameters", [queryParameter("f", "Output format.", .object(JSONObject([("type", "string"), ("enum", ["geojson", "gpx", "json", "csv"]), ("default", "geojson")])))]),
            ("requestBody", .object(JSONObject([
                ("required", true),
                ("content", .object(["application/json": .object(["schema": .object(JSONObject([
                    ("type", "object"),
                    ("description", "teams, shift_hours, speed_kmh, service_minutes, detour, seconds (≤ 30), iterations, seed, limit, as_of, start (HH:MM), straight_lines, store; one of area, cluster or stops [{id, lon, lat, priority}]; depot: a code or [lon, lat]; crs: the system of depot and stops (wgs84, cgcs2000, gcj02, bd09, epsg:N; default wgs84)"),
                ]))])])),
            ]))),
            ("security", [.object(["bearerAuth": []])]),
            ("responses", .object(JSONObject([
                ("200", .object(JSONObject([
                    ("description", "Success"),
                    ("content", .object(JSONObject([("application/geo+json", .object(["schema": schemaRef("FeatureCollectionGeoJSON")]))] + [RoutePlanFormat.gpx, .json, .csv].map { ($0.mediaType, .object(["schema": .object([:])])) }))),
                ]))),
                ("400", .object(["$ref": "#/components/responses/Problem"])),
            ] + accessResponses(role: .editor) + [
                ("500", .object(["$ref": "#/components/responses/Problem"])),
                ("503", .object(["$ref": "#/components/responses/Problem"])),
            ]))),
        ]))])))
        return paths
    }

    /// Health, metrics and the map page.
    private static func operationsPaths() -> [(String, JSONValue)] {
        [
            ("/health", get("Whether the server and its database answer (open, whatever --require-token-for-reads)", tag: "Operations", parameters: [], response: .object(["type": "object"]), open: true)),
            ("/metrics", get(
                "Request counts, latencies, worker and database pool use (Prometheus text format)", tag: "Operations", parameters: [],
                response: .object(["type": "string"]), contentType: "text/plain")),
            ("/map", get("The map page for people", tag: "Operations", parameters: [], response: .object(["type": "string"]), contentType: "text/html")),
        ]
    }

    /// A GET operation. `role`: the token it needs (`tokenOptional`: only for some parameters,
    /// as the description says); `open`: none even with `--require-token-for-reads`;
    /// `alternates`: the media types of its other representations (`f=html`, `f=csv`…).
    private static func get(
        _ summary: String, tag: String, parameters: [JSONValue], response: JSONValue, contentType: String = "application/json",
        notFound: Bool = false, badRequest: Bool = false, role: AccessIdentity.Role? = nil, tokenOptional: Bool = false, open: Bool = false,
        alternates: [String] = []
    ) -> JSONValue {
        // The other representations `f=` (or Accept) selects: any body of their media type.
        let content = [(contentType, JSONValue.object(["schema": response]))] + alternates.map { ($0, JSONValue.object(["schema": .object([:])])) }
        var responses: [(String, JSONValue)] = [
            ("200", .object(JSONObject([
                ("description", "Success"),
                ("content", .object(JSONObject(content))),
            ]))),
        ]
        if badRequest || !parameters.isEmpty { responses.append(("400", .object(["$ref": "#/components/responses/Problem"]))) }
        if notFound { responses.append(("404", .object(["$ref": "#/components/responses/Problem"]))) }
        responses += accessResponses(role: role)
        responses.append(("500", .object(["$ref": "#/components/responses/Problem"])))
        // Every request that reads the database may wait for a worker and be refused.
        responses.append(("503", .object(["$ref": "#/components/responses/Problem"])))
        var operation: [(String, JSONValue)] = [
            ("summary", .string(summary)), ("tags", [.string(tag)]), ("parameters", .array(parameters)),
            ("responses", .object(JSONObject(responses))),
        ]
        if role != nil {
            operation.append(("security", .array([.object(["bearerAuth": []])] + (tokenOptional ? [.object([:])] : []))))
        } else if open {
            operation.append(("security", []))
        }
        return .object(["get": .object(JSONObject(operation))])
    }

    /// What any request may get for its token: 401 for one that is not valid (or none where
    /// one is needed), 429 after too many refused, 403 for a role below `role`.
    static func accessResponses(role: AccessIdentity.Role?) -> [(String, JSONValue)] {
        [("401", .object(["$ref": "#/components/responses/Problem"]))]
            + (role == nil ? [] : [("403", .object(["$ref": "#/components/responses/Problem"]))])
            + [("429", .object(["$ref": "#/components/responses/Problem"]))]
    }

    private static let html = "text/html; charset=utf-8"

    private static func ref(_ parameter: String) -> JSONValue { .object(["$ref": .string("#/components/parameters/\(parameter)")]) }
    private static func schemaRef(_ schema: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(schema)")]) }

    private static func parametersComponent(_ configuration: ServerConfiguration) -> JSONValue {
        func parameter(_ name: String, _ location: String, _ required: Bool, _ description: String, _ schema: JSONValue, explode: Bool? = nil) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("name", .string(name)), ("in", .string(location)), ("required", .bool(required)), ("description", .string(description)), ("schema", schema),
            ]
            if let explode {
                members.append(("style", "form"))
                members.append(("explode", .bool(explode)))
            }
            return .object(JSONObject(members))
        }
        return .object(JSONObject([
            ("bbox", parameter(
                "bbox", "query", false,
                "Only features meeting this box: minlon,minlat,maxlon,maxlat in CRS84 (or 6 numbers with heights, which are ignored). Edges count as inside.",
                .object(JSONObject([("type", "array"), ("minItems", 4), ("maxItems", 6), ("items", .object(["type": "number"]))])), explode: false)),
            ("limit", parameter(
                "limit", "query", false,
                "Features per page. Larger values than \(configuration.maximumItemLimit) are reduced to it.",
                .object(JSONObject([("type", "integer"), ("minimum", 1), ("maximum", .number(Double(configuration.maximumItemLimit))), ("default", .number(Double(configuration.defaultItemLimit)))])),
                explode: false)),
            ("offset", parameter(
                "offset", "query", false, "Features to skip before the page starts (the next link carries it).",
                .object(JSONObject([("type", "integer"), ("minimum", 0), ("default", 0)])), explode: false)),
            ("datetime", parameter(
                "datetime", "query", false,
                "A date, a date-time, or an interval start/end (.. for an open end) on the collection's temporal property.",
                .object(["type": "string"]), explode: false)),
            ("f", parameter(
                "f", "query", false, "The representation: json (GeoJSON for features) or html.",
                .object(JSONObject([("type", "string"), ("enum", ["json", "html"])])), explode: false)),
            ("collectionId", parameter(
                "collectionId", "path", true, "The collection's id.",
                .object(JSONObject([("type", "string"), ("enum", .array(FeatureCollectionDefinition.all.map { .string($0.id) }))])))),
            ("featureId", parameter("featureId", "path", true, "The feature's id (source_id for sources, code for areas and depots).", .object(["type": "string"]))),
        ]))
    }

    private static let link: JSONValue = .object(JSONObject([
        ("type", "object"), ("required", ["href"]),
        ("properties", .object(JSONObject([
            ("href", .object(["type": "string"])), ("rel", .object(["type": "string"])),
            ("type", .object(["type": "string"])), ("title", .object(["type": "string"])),
        ]))),
    ]))

    private static let linksArray: JSONValue = .object(["type": "array", "items": schemaRef("Link")])

    private static let schemas: JSONValue = .object(JSONObject([
        ("Link", link),
        ("LandingPage", .object(JSONObject([
            ("type", "object"), ("required", ["links"]),
            ("properties", .object(JSONObject([("title", .object(["type": "string"])), ("description", .object(["type": "string"])), ("links", linksArray)]))),
        ]))),
        ("ConfClasses", .object(JSONObject([
            ("type", "object"), ("required", ["conformsTo"]),
            ("properties", .object(["conformsTo": .object(["type": "array", "items": .object(["type": "string"])])])),
        ]))),
        ("Collection", .object(JSONObject([
            ("type", "object"), ("required", ["id", "links"]),
            ("properties", .object(JSONObject([
                ("id", .object(["type": "string"])), ("title", .object(["type": "string"])), ("description", .object(["type": "string"])),
                ("links", linksArray), ("extent", .object(["type": "object"])), ("itemType", .object(["type": "string"])),
                ("crs", .object(["type": "array", "items": .object(["type": "string"])])),
                ("queryables", .object(["type": "array", "items": .object(["type": "string"])])),
            ]))),
        ]))),
        ("Collections", .object(JSONObject([
            ("type", "object"), ("required", ["links", "collections"]),
            ("properties", .object(JSONObject([("links", linksArray), ("collections", .object(["type": "array", "items": schemaRef("Collection")]))]))),
        ]))),
        ("Geometry", .object(JSONObject([
            ("type", "object"), ("required", ["type"]), ("nullable", true),
            ("properties", .object(JSONObject([
                ("type", .object(JSONObject([("type", "string"), ("enum", ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"])]))),
                ("coordinates", .object(["type": "array", "items": .object([:])])),
            ]))),
        ]))),
        ("FeatureGeoJSON", .object(JSONObject([
            ("type", "object"), ("required", ["type", "geometry", "properties"]),
            ("properties", .object(JSONObject([
                ("type", .object(JSONObject([("type", "string"), ("enum", ["Feature"])]))),
                ("id", .object(JSONObject([("oneOf", [.object(["type": "string"]), .object(["type": "integer"])])]))),
                ("geometry", schemaRef("Geometry")),
                ("properties", .object(JSONObject([("type", "object"), ("nullable", true)]))),
                ("links", linksArray),
            ]))),
        ]))),
        ("FeatureCollectionGeoJSON", .object(JSONObject([
            ("type", "object"), ("required", ["type", "features"]),
            ("properties", .object(JSONObject([
                ("type", .object(JSONObject([("type", "string"), ("enum", ["FeatureCollection"])]))),
                ("features", .object(["type": "array", "items": schemaRef("FeatureGeoJSON")])),
                ("links", linksArray),
                ("timeStamp", .object(JSONObject([("type", "string"), ("format", "date-time")]))),
                ("numberMatched", .object(JSONObject([("type", "integer"), ("minimum", 0)]))),
                ("numberReturned", .object(JSONObject([("type", "integer"), ("minimum", 0)]))),
            ]))),
        ]))),
        ("Problem", .object(JSONObject([
            ("type", "object"), ("required", ["title", "status"]),
            ("properties", .object(JSONObject([
                ("type", .object(["type": "string"])), ("title", .object(["type": "string"])), ("status", .object(["type": "integer"])),
                ("detail", .object(["type": "string"])), ("parameter", .object(["type": "string"])),
            ]))),
        ]))),
    ]))
}
