import FileWriting
import Foundation
import GeoKit
import Hummingbird
import PermitWatch

/// The query catalog over HTTP: `/queries` lists it, `/queries/{name}` runs one through the
/// same runner as the CLI (parameters checked and bound before any SQL, read-only, row and
/// time limits, streamed).
struct QueriesController: Sendable {
    let dependencies: ServerDependencies
    private let listDocuments = DocumentCache()

    init(dependencies: ServerDependencies) { self.dependencies = dependencies }

    func addRoutes(to group: RouterGroup<PermitWatchRequestContext>) {
        group.get(use: list)
        group.get(":name", use: run)
    }

    @Sendable func list(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let format = try ResponseFormat.negotiate(request, allowed: [.json, .html])
        let links = LinkBuilder(request)
        let queries = dependencies.catalog.all
        if format == .html {
            // Queries that need no parameter link straight to their rows.
            let rows = queries.map { query in
                let runnable = query.parameters.allSatisfy { $0.requirement != .required }
                let name = runnable ? HTMLPage.link("/queries/\(query.name)?f=html", query.name) : HTMLPage.escape(query.name)
                return "<tr><td>\(name)</td><td>\(HTMLPage.escape(query.title))</td><td>"
                    + HTMLPage.escape(query.parameters.map { "\($0.name) (\($0.declaredType)\(Self.requirementText($0.requirement)))" }.joined(separator: ", "))
                    + "</td><td>\(query.geometryColumn == nil ? "" : "GeoJSON")</td></tr>"
            }
            let body = "<table><tr><th>name</th><th>title</th><th>parameters</th><th>layer</th></tr>\n" + rows.joined(separator: "\n") + "</table>"
                + "<p>Run one: <code>/queries/NAME?param=value&amp;f=html|geojson|json|csv</code></p>"
            return Responses.html(HTMLPage.render(title: "Query catalog", body: body))
        }
        // The catalog does not change while the server runs: its JSON is made once an address.
        let document = listDocuments.document(for: links.base) {
            let items: [JSONValue] = queries.map { query in
                let formats = query.geometryColumn == nil ? ["json", "csv"] : ["geojson", "json", "csv"]
                return .object(JSONObject([
                    ("name", .string(query.name)),
                    ("title", .string(query.title)),
                    ("description", .string(query.description)),
                    ("geometryColumn", query.geometryColumn.map { .string($0) } ?? .null),
                    ("parameters", .array(query.parameters.map(Self.parameterJSON))),
                    ("formats", .array(formats.map { .string($0) })),
                    ("links", [
                        CollectionDocument.link(
                            links.url("/queries/\(query.name)"), "related", formats[0] == "geojson" ? "application/geo+json" : "application/json",
                            "Run \(query.name)")
                    ]),
                ]))
            }
            return Responses.encode(.object(JSONObject([
                ("queries", .array(items)),
                ("links", [CollectionDocument.link(links.url("/queries"), "self", "application/json", "The query catalog")]),
            ])))
        }
        return Responses.buffer(document, contentType: "application/json")
    }

    @Sendable func run(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        var parameters: [String: String] = [:]
        var limit: Int?
        var requestedFormat: String?
        for (key, value) in request.uri.queryParameters {
            switch key {
            case "f": requestedFormat = String(value)
            case "limit":
                guard let number = Int(value), number >= 0 else { throw ParameterError("limit", String(value), "expected a whole number from 0") }
                limit = number
            default:
                guard parameters[String(key)] == nil else { throw ParameterError(String(key), String(value), "given twice; expected it once") }
                parameters[String(key)] = String(value)
            }
        }
        let definition = try dependencies.catalog.query(named: name)
        if requestedFormat == "html" || (requestedFormat == nil && (request.headers[.accept] ?? "").contains("text/html")) {
            return try await htmlTable(definition, parameters: parameters, limit: limit)
        }
        let formatName = requestedFormat ?? (definition.geometryColumn == nil ? "json" : "geojson")
        guard let format = ResultFormat(rawValue: formatName), format != .table else {
            throw ParameterError("f", formatName, "expected geojson, json, csv or html")
        }
        // Checked here so a bad parameter is a 400 before anything is sent.
        let query = try CatalogQuery(name: name, in: dependencies.catalog, parameters: parameters, format: format)
        let configuration = dependencies.configuration
        let rowLimit = min(limit ?? configuration.maximumQueryRows, configuration.maximumQueryRows)
        let store = dependencies.store
        let reader = try await ByteStream.start(on: dependencies.workers, patience: configuration.requestTimeLimit) { output in
            try query.run(on: store, timeLimit: configuration.requestTimeLimit, limit: rowLimit, to: ByteSink { try output.push($0) })
        }
        let first = try await reader.next()
        var headers: HTTPFields = [.contentType: format.mediaType]
        if format == .csv { headers[.contentDisposition] = "inline; filename=\"\(definition.name).csv\"" }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in try await reader.send(first: first, to: &writer) })
    }

    /// A query's rows as an HTML table for people (at most `limit` rows, 1,000 by default;
    /// every row counted), with its ids and area codes linked to their pages and the same
    /// rows offered as CSV, JSON and GeoJSON.
    private func htmlTable(_ definition: QueryDefinition, parameters: [String: String], limit: Int?) async throws -> Response {
        let query = try CatalogQuery(name: definition.name, in: dependencies.catalog, parameters: parameters, format: .csv)
        let store = dependencies.store
        let timeLimit = dependencies.configuration.requestTimeLimit
        let shown = min(limit ?? 1000, 1000)
        let rows = try await dependencies.workers.run(.read) { () throws -> TextRowsWriter.Kept in
            let collector = TextRowsWriter(showing: shown)
            try QueryRunner(database: store, timeLimit: timeLimit).run(query.definition, parameters: query.parameters, writer: collector)
            return collector.kept
        }
        let carried = parameters.sorted { $0.key < $1.key }.map { "\(LinkBuilder.escape($0.key))=\(LinkBuilder.escape($0.value))" }
        func href(_ format: String) -> String { "/queries/\(definition.name)?" + (carried + ["f=\(format)"]).joined(separator: "&") }
        let formats = (definition.geometryColumn == nil ? ["csv", "json"] : ["csv", "json", "geojson"]).map { HTMLPage.link(href($0), $0) }
        let body = "<p>\(HTMLPage.escape(definition.description))</p>"
            + "<p>\(rows.rows.count == rows.count ? "\(rows.count) rows" : "\(rows.rows.count) of \(rows.count) rows shown") · also as "
            + formats.joined(separator: ", ") + "</p>"
            + HTMLPage.table(header: rows.columns, rows: rows.rows)
        return Responses.html(HTMLPage.render(title: definition.title, body: body))
    }

    static func parameterJSON(_ parameter: QueryParameter) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(parameter.name)), ("type", .string(parameter.kind.rawValue)),
            ("expected", .string(parameter.expected)), ("description", .string(parameter.description)),
        ]
        switch parameter.requirement {
        case .required: members.append(("required", true))
        case .optional: members.append(("required", false))
        case .defaultValue(let value):
            members.append(("required", false))
            members.append(("default", .string(value)))
        }
        return .object(JSONObject(members))
    }

    static func requirementText(_ requirement: QueryParameter.Requirement) -> String {
        switch requirement {
        case .required: ", required"
        case .optional: ", optional"
        case .defaultValue(let value): ", default \(value)"
        }
    }
}
