import Foundation
import GeoKit
import Hummingbird
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

    func addRoutes(to group: RouterGroup<BasicRequestContext>) {
        group.get(use: list)
        group.get(":collectionId", use: metadata)
        group.get(":collectionId/queryables", use: queryables)
        group.get(":collectionId/items", use: items)
        group.get(":collectionId/items/:featureId", use: item)
    }

    @Sendable func list(_ request: Request, context: BasicRequestContext) async throws -> Response {
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

    @Sendable func metadata(_ request: Request, context: BasicRequestContext) async throws -> Response {
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

    @Sendable func queryables(_ request: Request, context: BasicRequestContext) async throws -> Response {
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

    @Sendable func items(_ request: Request, context: BasicRequestContext) async throws -> Response {
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
            return Responses.bytes(cached, contentType: "application/geo+json")
        }
        let cache = pages
        let reader = try await ByteStream.start(on: dependencies.workers, patience: timeLimit) { output in
            let page = FeaturePageWriter(encoder: FeatureEncoder(definition), output: output, keepingUpTo: cache.budget > 0 ? cache.largestPage : 0)
            _ = try store.streamFeatures(
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
                row: { row in try page.write(row) })
            try page.end()
            if let kept = page.kept { cache.store(kept, for: key, generation: generation) }
        }
        // Errors before the first byte (a time limit, a closed store) still get a problem document.
        let first = try await reader.next()
        return Response(
            status: .ok, headers: [.contentType: "application/geo+json"],
            body: ResponseBody { writer in try await reader.send(first: first, to: &writer) })
    }

    @Sendable func item(_ request: Request, context: BasicRequestContext) async throws -> Response {
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
        let (found, bytes, properties) = try await dependencies.workers.run(.read) { () throws -> (Bool, [UInt8], [[String]]) in
            var writer = GeoJSONWriter()
            var properties: [[String]] = []
            let found = try store.streamFeature(collection: definition, id: id) { row in
                if format == .html {
                    properties = definition.properties.indices.map { [definition.properties[$0].name, Self.text(row.property($0))] }
                } else {
                    try FeatureEncoder(definition).write(row, separator: false, into: &writer, trailing: trailing)
                }
            }
            writer.writeRaw("\n")
            return (found, writer.bytes, properties)
        }
        guard found else { throw Problem.notFound("collection \(definition.id) has no feature with id '\(id)'") }
        if format == .html {
            return Responses.html(HTMLPage.render(title: "\(definition.title): \(id)", body: HTMLPage.table(header: ["property", "value"], rows: properties)))
        }
        return Responses.bytes(bytes, contentType: "application/geo+json")
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
            + HTMLPage.table(header: definition.properties.map(\.name), rows: rows)
        return Responses.html(HTMLPage.render(title: definition.title, body: body))
    }

    private func collection(_ context: BasicRequestContext) throws -> FeatureCollectionDefinition {
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
