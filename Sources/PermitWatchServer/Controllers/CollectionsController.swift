import Foundation
import GeoKit
import Hummingbird
import PermitWatch
import Store

/// OGC API - Features: `/collections`, one collection's metadata, its items and one item.
struct CollectionsController: Sendable {
    let dependencies: ServerDependencies
    private let extents = ExtentCache()
    private let pages: PageCache

    init(dependencies: ServerDependencies) {
        self.dependencies = dependencies
        pages = PageCache(budget: dependencies.configuration.pageCacheBytes)
    }

    func addRoutes(to group: RouterGroup<PermitWatchRequestContext>) {
        group.get(use: list)
        group.get(":collectionId", use: metadata)
        group.get(":collectionId/queryables", use: queryables)
        group.get(":collectionId/items", use: items)
        group.get(":collectionId/items/:featureId", use: item)
    }

    @Sendable func list(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let format = try ResponseFormat.negotiate(request, allowed: [.json, .html])
        let links = LinkBuilder(request)
        let store = dependencies.store
        let extents = self.extents
        let (generation, documents) = try await dependencies.workers.run(.read) {
            let generation = try store.dataGeneration()
            return (generation, try FeatureCollectionDefinition.all.map {
                CollectionDocument.json($0, extent: try extents.extent(of: $0, generation: generation, store: store), links: links)
            })
        }
        if format == .html {
            let rows = FeatureCollectionDefinition.all.map { [$0.id, $0.title, $0.description] }
            let body = HTMLPage.table(header: ["id", "title", "description"], rows: rows)
                + "<p>" + FeatureCollectionDefinition.all.map { HTMLPage.link("/collections/\($0.id)/items?f=html", "\($0.id) items") }.joined(separator: " · ") + "</p>"
            return Responses.cached(Array(HTMLPage.render(title: "Collections", body: body).utf8), contentType: "text/html; charset=utf-8", generation: generation, request: request)
        }
        let document: JSONValue = .object(JSONObject([
            ("links", [
                CollectionDocument.link(links.url("/collections"), "self", "application/json", "The collections"),
                CollectionDocument.link(links.url("/collections", query: [("f", "html")]), "alternate", "text/html", "The collections as HTML"),
            ]),
            ("collections", .array(documents)),
        ]))
        return Responses.cached(Responses.encode(document), contentType: "application/json", generation: generation, request: request)
    }

    @Sendable func metadata(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let definition = try collection(context)
        let format = try ResponseFormat.negotiate(request, allowed: [.json, .html])
        let store = dependencies.store
        let extents = self.extents
        let (generation, extent) = try await dependencies.workers.run(.read) {
            let generation = try store.dataGeneration()
            return (generation, try extents.extent(of: definition, generation: generation, store: store))
        }
        let document = CollectionDocument.json(definition, extent: extent, links: LinkBuilder(request))
        if format == .html {
            let rows = definition.properties.map { [$0.name, $0.type.rawValue, $0.queryable ? "yes" : "", $0.description] }
            let box = extent.bbox.map { "\($0.minX), \($0.minY), \($0.maxX), \($0.maxY)" } ?? "empty"
            let body = "<p>\(HTMLPage.escape(definition.description))</p><p>Extent: \(box)</p>"
                + HTMLPage.table(header: ["property", "type", "queryable", "description"], rows: rows)
                + "<p>" + HTMLPage.link("/collections/\(definition.id)/items?f=html", "Browse the features") + "</p>"
            return Responses.cached(Array(HTMLPage.render(title: definition.title, body: body).utf8), contentType: "text/html; charset=utf-8", generation: generation, request: request)
        }
        return Responses.cached(Responses.encode(document), contentType: "application/json", generation: generation, request: request)
    }

    @Sendable func queryables(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let definition = try collection(context)
        let store = dependencies.store
        let (generation, columns) = try await dependencies.workers.run(.read) {
            (try store.dataGeneration(), try store.attributeColumns(definition))
        }
        // A register of a few extra columns lists them; hundreds would drown the schema.
        let listed = columns.count <= CollectionDocument.maximumAttributeQueryables ? columns : []
        return Responses.cached(
            Responses.encode(CollectionDocument.queryables(definition, attributeColumns: listed, links: LinkBuilder(request))),
            contentType: "application/schema+json", generation: generation, request: request)
    }

    /// Refuses an `attributes.NAME` filter on a column no register kept.
    private func checkAttributeFilters(_ query: FeatureQuery) async throws {
        guard !query.attributes.isEmpty else { return }
        let store = dependencies.store
        let definition = query.collection
        let columns = try await dependencies.workers.run(.read) { try store.attributeColumns(definition) }
        for name in query.attributes.keys.sorted() where !columns.contains(name) {
            let parameter = ItemsRequest.attributePrefix + name
            throw Problem.badParameter(
                parameter,
                "\(parameter) is not a column the register kept; the kept columns are \(columns.isEmpty ? "none" : columns.joined(separator: ", "))")
        }
    }

    @Sendable func items(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let definition = try collection(context)
        let format = try ResponseFormat.negotiate(request, allowed: [.json, .geojson, .html])
        let (query, carried) = try ItemsRequest.parse(request, collection: definition, configuration: dependencies.configuration)
        try await checkAttributeFilters(query)
        let links = LinkBuilder(request)
        let path = "/collections/\(definition.id)/items"
        let store = dependencies.store
        let timeLimit = dependencies.configuration.requestTimeLimit
        if format == .html {
            return try await itemsPage(query, carried: carried, path: path)
        }
        // The same page for the same data is sent from the cache.
        let generation = try await dependencies.dataGeneration()
        let key = links.url(path, query: (carried + [("offset", String(query.offset))]).sorted { ($0.0, $0.1) < ($1.0, $1.1) })
        if let cached = pages.page(for: key, generation: generation) {
            return Responses.buffer(cached, contentType: "application/geo+json")
        }
        let cache = pages
        let reader = try await ByteStream.start(on: dependencies.workers, patience: timeLimit) { output in
            let page = FeaturePageWriter(encoder: FeatureEncoder(definition), output: output, keepingUpTo: cache.budget > 0 ? cache.largestPage : 0)
            _ = try store.streamEncodedFeatures(
                query, timeLimit: timeLimit,
                matched: { matched in
                    let returned = max(0, min(query.limit, matched - query.offset))
                    var pageLinks: [JSONValue] = [
                        CollectionDocument.link(links.url(path, query: carried + offsetItem(query.offset)), "self", "application/geo+json", "This page"),
                        CollectionDocument.link(
                            links.url(path, query: carried.filter { $0.0 != "f" } + [("f", "html")] + offsetItem(query.offset)), "alternate", "text/html", "This page as HTML"),
                        CollectionDocument.link(links.url("/collections/\(definition.id)"), "collection", "application/json", "The collection"),
                    ]
                    if query.offset + returned < matched {
                        pageLinks.append(CollectionDocument.link(
                            links.url(path, query: carried + [("offset", String(query.offset + query.limit))]), "next", "application/geo+json", "Next page"))
                    }
                    if query.offset > 0 {
                        pageLinks.append(CollectionDocument.link(
                            links.url(path, query: carried + offsetItem(max(0, query.offset - query.limit))), "prev", "application/geo+json", "Previous page"))
                    }
                    page.begin(members: JSONObject([
                        ("numberMatched", .number(Double(matched))),
                        ("numberReturned", .number(Double(returned))),
                        ("timeStamp", .string(Timestamp.now())),
                        ("links", .array(pageLinks)),
                    ]))
                },
                encode: { row in try page.encode(row) },
                feature: { bytes in try page.write(encoded: bytes) })
            try page.end()
            if let kept = page.kept { cache.store(ByteBuffer(bytes: kept), for: key, generation: generation) }
        }
        // Errors before the first byte (a time limit, a closed store) still get a problem document.
        let first = try await reader.next()
        return Response(
            status: .ok, headers: [.contentType: "application/geo+json"],
            body: ResponseBody { writer in try await reader.send(first: first, to: &writer) })
    }

    @Sendable func item(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let definition = try collection(context)
        let format = try ResponseFormat.negotiate(request, allowed: [.json, .geojson, .html])
        let id = try context.parameters.require("featureId")
        let linkBuilder = LinkBuilder(request)
        var links = GeoJSONWriter()
        links.writeRaw(#","links":"#)
        links.writeJSON([
            CollectionDocument.link(
                linkBuilder.url("/collections/\(definition.id)/items/\(LinkBuilder.escape(id))"), "self", "application/geo+json", "This feature"),
            CollectionDocument.link(linkBuilder.url("/collections/\(definition.id)"), "collection", "application/json", "The collection"),
        ])
        let store = dependencies.store
        let trailing = links.bytes
        let (found, bytes, properties, point) = try await dependencies.workers.run(.read) { () throws -> (Bool, [UInt8], [[String]], Coordinate?) in
            var writer = GeoJSONWriter()
            var properties: [[String]] = []
            var point: Coordinate?
            let found = try store.streamFeature(collection: definition, id: id) { row in
                if format == .html {
                    properties = definition.properties.indices.map { [definition.properties[$0].name, Self.text(row.property($0))] }
                    if case .point(let c) = try row.geometry() { point = c }
                } else {
                    try FeatureEncoder(definition).write(row, separator: false, into: &writer, trailing: trailing)
                }
            }
            writer.writeRaw("\n")
            return (found, writer.bytes, properties, point)
        }
        guard found else { throw Problem.notFound("collection \(definition.id) has no feature with id '\(id)'") }
        if format == .html {
            return try await itemPage(definition, id: id, properties: properties, point: point)
        }
        return Responses.bytes(bytes, contentType: "application/geo+json")
    }

    /// One feature for people: its properties (codes linking to their areas), its JSON, and for
    /// a source its areas with names and officer, its history and a small map.
    private func itemPage(_ definition: FeatureCollectionDefinition, id: String, properties: [[String]], point: Coordinate?) async throws -> Response {
        let path = "/collections/\(definition.id)/items/\(LinkBuilder.escape(id))"
        var pageLinks = [HTMLPage.link(path + "?f=json", "GeoJSON")]
        if definition.id == FeatureCollectionDefinition.sources.id {
            pageLinks.append(HTMLPage.link("/queries/source-history?source_id=\(LinkBuilder.escape(id))&f=json", "history as JSON"))
        }
        pageLinks.append(HTMLPage.link("/collections/\(definition.id)/items?f=html", "all \(definition.id)"))
        var body = "<p>" + pageLinks.joined(separator: " · ") + "</p>"
        // Property/value pairs: the value cell links as its property's column would.
        body += "<table><tr><th>property</th><th>value</th></tr>\n" + properties.map { pair in
            let value = HTMLPage.featurePage(column: pair[0], value: pair[1]).map { HTMLPage.link($0, pair[1]) } ?? HTMLPage.escape(pair[1])
            return "<tr><td>\(HTMLPage.escape(pair[0]))</td><td>\(value)</td></tr>"
        }.joined(separator: "\n") + "</table>"
        guard definition.id == FeatureCollectionDefinition.sources.id else {
            return Responses.html(HTMLPage.render(title: "\(definition.title): \(id)", body: body))
        }
        let value = Dictionary(properties.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        let store = dependencies.store
        let catalog = dependencies.catalog
        let timeLimit = dependencies.configuration.requestTimeLimit
        // The source's areas, each from its own collection, and its history from the catalog.
        let levels: [(collection: String, code: String?)] = [
            ("prefectures", value["prefecture_code"]), ("counties", value["county_code"]), ("towns", value["town_code"]), ("grids", value["grid_code"]),
        ]
        let (areas, history) = try await dependencies.workers.run(.read) { () throws -> ([[String]], TextRowsWriter.Kept) in
            var areas: [[String]] = []
            for level in levels {
                guard let code = level.code, !code.isEmpty, let area = FeatureCollectionDefinition.named(level.collection) else { continue }
                _ = try store.streamFeature(collection: area, id: code) { row in
                    func text(_ name: String) -> String { area.properties.firstIndex { $0.name == name }.map { Self.text(row.property($0)) } ?? "" }
                    areas.append([level.collection, code, text("name"), text("officer"), text("officer_phone")])
                }
            }
            let collector = TextRowsWriter()
            try QueryRunner(database: store, timeLimit: timeLimit).run(
                try catalog.query(named: "source-history"), parameters: ["source_id": id], writer: collector)
            return (areas, collector.kept)
        }
        body += "<h2>Areas</h2>" + "<table><tr><th>level</th><th>code</th><th>name</th><th>officer</th><th>phone</th></tr>\n" + areas.map { row in
            "<tr><td>\(HTMLPage.escape(row[0]))</td><td>\(HTMLPage.link("/collections/\(row[0])/items/\(LinkBuilder.escape(row[1]))?f=html", row[1]))</td>"
                + row.dropFirst(2).map { "<td>\(HTMLPage.escape($0))</td>" }.joined() + "</tr>"
        }.joined(separator: "\n") + "</table>"
        body += "<h2>History</h2><p>\(history.count) events · "
            + HTMLPage.link("/queries/source-history?source_id=\(LinkBuilder.escape(id))&f=csv", "as CSV") + "</p>"
            + HTMLPage.table(header: history.columns.filter { $0 != "source_id" && $0 != "name" }, rows: history.rows.map { row in
                zip(history.columns, row).filter { $0.0 != "source_id" && $0.0 != "name" }.map(\.1)
            })
        if let point {
            body += SourcePageMap.html(lon: point.x, lat: point.y, grid: value["grid_code"], town: value["town_code"])
        }
        let title = value["name"].map { "\(id) \($0)" } ?? id
        return Responses.html(HTMLPage.render(title: title, body: body, head: SourcePageMap.head))
    }

    /// An HTML table of one page of items, for people browsing the API.
    private func itemsPage(_ query: FeatureQuery, carried: [(String, String)], path: String) async throws -> Response {
        let definition = query.collection
        let store = dependencies.store
        let timeLimit = dependencies.configuration.requestTimeLimit
        let (matched, rows) = try await dependencies.workers.run(.read) { () throws -> (Int, [[String]]) in
            var matched = 0
            var rows: [[String]] = []
            _ = try store.streamFeatures(
                query, timeLimit: timeLimit, matched: { matched = $0 },
                row: { row in rows.append(definition.properties.indices.map { Self.text(row.property($0)) }) })
            return (matched, rows)
        }
        let others = carried.filter { $0.0 != "f" } + [("f", "html")]
        func href(_ offset: Int) -> String {
            path + "?" + (others + [("offset", String(offset))]).map { "\(LinkBuilder.escape($0.0))=\(LinkBuilder.escape($0.1))" }.joined(separator: "&")
        }
        var navigation: [String] = []
        if query.offset > 0 { navigation.append(HTMLPage.link(href(max(0, query.offset - query.limit)), "← previous")) }
        if query.offset + rows.count < matched { navigation.append(HTMLPage.link(href(query.offset + query.limit), "next →")) }
        let body = "<p>\(matched) matched; showing \(rows.isEmpty ? 0 : query.offset + 1)–\(query.offset + rows.count). \(navigation.joined(separator: " "))</p>"
            + HTMLPage.table(header: definition.properties.map(\.name), rows: rows, items: (definition.id, definition.idProperty))
        return Responses.html(HTMLPage.render(title: definition.title, body: body))
    }

    private func collection(_ context: PermitWatchRequestContext) throws -> FeatureCollectionDefinition {
        let id = try context.parameters.require("collectionId")
        guard let definition = FeatureCollectionDefinition.named(id) else {
            throw Problem.notFound("no collection named '\(id)'; the collections are \(FeatureCollectionDefinition.all.map(\.id).joined(separator: ", "))")
        }
        return definition
    }

    static func text(_ value: FeatureRow.Value) -> String {
        switch value {
        case .null: ""
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }
}

private func offsetItem(_ offset: Int) -> [(String, String)] { offset > 0 ? [("offset", String(offset))] : [] }
