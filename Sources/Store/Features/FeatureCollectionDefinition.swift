/// One collection the store serves as features: what it is called, which properties its
/// features carry, which of them a client may filter on, and which one dates a feature.
///
/// The description is storage-neutral (the server builds OGC API metadata and the OpenAPI
/// document from it); how each collection maps onto tables stays inside the store.
public struct FeatureCollectionDefinition: Sendable, Hashable {
    /// The JSON type of a property, as OGC API queryables and OpenAPI schemas name it.
    public enum PropertyType: String, Sendable, Hashable {
        case string, integer, number, date
    }

    public struct Property: Sendable, Hashable {
        public let name: String
        public let type: PropertyType
        public let description: String
        /// Whether `name=value` filters the collection's items.
        public let queryable: Bool
    }

    public enum GeometryType: String, Sendable, Hashable {
        case point = "Point"
        case multiPolygon = "MultiPolygon"
    }

    public let id: String
    public let title: String
    public let description: String
    public let geometryType: GeometryType
    /// The property that is also the feature id.
    public let idProperty: String
    public let properties: [Property]
    /// The date property `datetime` filters on, when the collection is dated.
    public let temporalProperty: String?

    /// How the collection is stored: the table, the rows that belong to it, and the geometry.
    let storage: Storage

    struct Storage: Sendable, Hashable {
        enum Geometry: Sendable, Hashable {
            /// A point from `lon`, `lat` columns, written with fixed decimals by the caller.
            case lonLat
            /// A SpatiaLite geometry blob in `geometry`.
            case blob
        }
        let table: String
        /// A condition every row of the collection meets (bound values only, see `arguments`).
        let condition: String
        let arguments: [SQLValue]
        let geometry: Geometry
        let spatialIndex: String
    }

    public var queryables: [Property] { properties.filter(\.queryable) }

    public func property(named name: String) -> Property? { properties.first { $0.name == name } }
}

extension FeatureCollectionDefinition {
    /// Every collection, in the order the landing page lists them.
    public static let all: [FeatureCollectionDefinition] = [sources] + areaLevels + [depots]

    public static func named(_ id: String) -> FeatureCollectionDefinition? { all.first { $0.id == id } }

    static let sources = FeatureCollectionDefinition(
        id: "sources",
        title: "Fixed pollution sources",
        description: "Every current fixed pollution source with its status and the areas it lies in.",
        geometryType: .point,
        idProperty: "source_id",
        properties: [
            Property(name: "source_id", type: .string, description: "The source's register id.", queryable: true),
            Property(name: "name", type: .string, description: "The enterprise or site name.", queryable: false),
            Property(name: "uscc", type: .string, description: "Unified social credit code.", queryable: false),
            Property(name: "industry", type: .string, description: "National industry classification code.", queryable: true),
            Property(
                name: "category", type: .string,
                description: "Management category: key, simplified or registration (permitted sources).", queryable: true),
            Property(
                name: "status", type: .string,
                description: "permitted, registered, rectifying, special or unlicensed.", queryable: true),
            Property(name: "status_date", type: .date, description: "When the source reached its status.", queryable: false),
            Property(name: "deadline", type: .date, description: "Rectification deadline (rectifying sources).", queryable: false),
            Property(name: "prefecture_code", type: .string, description: "Prefecture code.", queryable: true),
            Property(name: "county_code", type: .string, description: "County code.", queryable: true),
            Property(name: "town_code", type: .string, description: "Town code.", queryable: true),
            Property(name: "grid_code", type: .string, description: "Administrative grid code.", queryable: true),
            Property(
                name: "placement", type: .string,
                description: "inside (in an area), snapped (moved to the nearest area) or unassigned.", queryable: true),
        ],
        temporalProperty: "status_date",
        storage: Storage(
            table: "sources", condition: "removed_on IS NULL", arguments: [], geometry: .lonLat,
            spatialIndex: "idx_sources_geometry"))

    static let areaLevels: [FeatureCollectionDefinition] = [
        ("prefectures", "prefecture", "Prefectures", "The prefecture-level cities."),
        ("counties", "county", "Counties", "The county-level divisions, each with its enforcement bureau."),
        ("towns", "town", "Towns", "The towns and sub-districts."),
        ("grids", "grid", "Enforcement grids", "The administrative enforcement grids inside the towns, with their grid officers."),
    ].map { id, level, title, description in
        FeatureCollectionDefinition(
            id: id, title: title, description: description, geometryType: .multiPolygon, idProperty: "code",
            properties: [
                Property(name: "code", type: .string, description: "The area's code.", queryable: true),
                Property(name: "name", type: .string, description: "The area's name.", queryable: true),
                Property(name: "parent_code", type: .string, description: "The code of the area it lies in.", queryable: true),
                Property(name: "officer", type: .string, description: "The responsible grid officer.", queryable: false),
                Property(name: "officer_phone", type: .string, description: "The officer's phone.", queryable: false),
                Property(name: "area_km2", type: .number, description: "Area in square kilometres.", queryable: false),
            ],
            temporalProperty: nil,
            storage: Storage(
                table: "areas", condition: "level = ?", arguments: [.text(level)], geometry: .blob,
                spatialIndex: "idx_areas_geometry"))
    }

    static let depots = FeatureCollectionDefinition(
        id: "depots",
        title: "Enforcement bureaus",
        description: "The county enforcement bureaus the inspection teams start from.",
        geometryType: .point,
        idProperty: "code",
        properties: [
            Property(name: "code", type: .string, description: "The bureau's code.", queryable: true),
            Property(name: "name", type: .string, description: "The bureau's name.", queryable: false),
            Property(name: "county_code", type: .string, description: "The county it serves.", queryable: true),
        ],
        temporalProperty: nil,
        storage: Storage(table: "depots", condition: "1", arguments: [], geometry: .lonLat, spatialIndex: ""))
}
