import GeoKit
import Store

/// The OGC API - Features metadata of one collection: extent, links, queryables.
enum CollectionDocument {
    static let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

    static func json(_ definition: FeatureCollectionDefinition, extent: FeatureExtent, links: LinkBuilder) -> JSONValue {
        let path = "/collections/\(definition.id)"
        var spatial: [(String, JSONValue)] = [("crs", .string(crs84))]
        if let box = extent.bbox {
            spatial.insert(("bbox", [[.number(box.minX), .number(box.minY), .number(box.maxX), .number(box.maxY)]]), at: 0)
        }
        var extentMembers: [(String, JSONValue)] = [("spatial", .object(JSONObject(spatial)))]
        if definition.temporalProperty != nil {
            let interval: JSONValue = [
                extent.firstDay.map { .string("\($0)T00:00:00Z") } ?? .null,
                extent.lastDay.map { .string("\($0)T23:59:59Z") } ?? .null,
            ]
            extentMembers.append((
                "temporal",
                .object(JSONObject([("interval", [interval]), ("trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian")]))))
        }
        return .object(JSONObject([
            ("id", .string(definition.id)),
            ("title", .string(definition.title)),
            ("description", .string(definition.description)),
            ("itemType", "feature"),
            ("crs", [.string(crs84)]),
            ("storageCrs", .string(crs84)),
            ("extent", .object(JSONObject(extentMembers))),
            ("geometryType", .string(definition.geometryType.rawValue)),
            ("queryables", .array(definition.queryables.map { .string($0.name) })),
            ("temporalProperty", definition.temporalProperty.map { .string($0) } ?? .null),
            ("links", [
                link(links.url(path), "self", "application/json", "This collection"),
                link(links.url(path, query: [("f", "html")]), "alternate", "text/html", "This collection as HTML"),
                link(links.url(path + "/items"), "items", "application/geo+json", "The features"),
                link(links.url(path + "/items", query: [("f", "html")]), "items", "text/html", "The features as HTML"),
                link(links.url(path + "/queryables"), "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "Queryable properties"),
            ]),
        ]))
    }

    /// Up to this many kept register columns are listed as queryables.
    static let maximumAttributeQueryables = 50

    /// The queryables as a JSON Schema (OGC API - Features Part 3), with the register columns
    /// kept as attributes as `attributes.NAME`.
    static func queryables(_ definition: FeatureCollectionDefinition, attributeColumns: [String] = [], links: LinkBuilder) -> JSONValue {
        var properties: [(String, JSONValue)] = []
        for property in definition.queryables {
            properties.append((property.name, schema(property)))
        }
        for column in attributeColumns {
            properties.append((
                ItemsRequest.attributePrefix + column,
                .object(["type": "string", "description": .string("The register's column \(column), kept as an attribute.")])))
        }
        return .object(JSONObject([
            ("$schema", "https://json-schema.org/draft/2019-09/schema"),
            ("$id", .string(links.url("/collections/\(definition.id)/queryables"))),
            ("type", "object"),
            ("title", .string(definition.title)),
            ("properties", .object(JSONObject(properties))),
        ]))
    }

    static func schema(_ property: FeatureCollectionDefinition.Property) -> JSONValue {
        if let vocabulary = property.vocabulary {
            return .object(JSONObject([
                ("type", "string"), ("enum", .array(vocabulary.values.map { .string($0) })), ("description", .string(property.description)),
            ]))
        }
        return switch property.type {
        case .string: .object(["type": "string", "description": .string(property.description)])
        case .integer: .object(["type": "integer", "description": .string(property.description)])
        case .number: .object(["type": "number", "description": .string(property.description)])
        case .date: .object(["type": "string", "format": "date", "description": .string(property.description)])
        case .object: .object(["type": "object", "description": .string(property.description)])
        case .array: .object(["type": "array", "description": .string(property.description)])
        }
    }

    static func link(_ href: String, _ rel: String, _ type: String, _ title: String) -> JSONValue {
        .object(JSONObject([("href", .string(href)), ("rel", .string(rel)), ("type", .string(type)), ("title", .string(title))]))
    }
}
