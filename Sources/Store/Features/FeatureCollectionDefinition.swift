import Enforcement

/// One collection the store serves as features: what it is called, which properties its
/// features carry, which of them a client may filter on, and which one dates a feature.
///
/// The description is storage-neutral (the server builds OGC API metadata and the OpenAPI
/// document from it); how each collection maps onto tables stays inside the store.
public struct FeatureCollectionDefinition: Sendable, Hashable {
    /// The JSON type of a property, as OGC API queryables and OpenAPI schemas name it.
    public enum PropertyType: String, Sendable, Hashable {
        case string, integer, number, date
        /// A JSON object the store keeps as JSON text (a source's kept register columns, a
        /// cluster's members by status): written into the feature as an object, not as a string.
        case object
        /// A JSON array the store keeps as JSON text (a cluster's towns): written as an array.
        case array
    }

    /// The values a property can take, when they are a fixed list: a filter on any other
    /// value could match nothing, so it is refused rather than answered with an empty page.
    public enum Vocabulary: Sendable, Hashable {
        /// Source statuses, also as a register writes them (`无证`, `Unlicensed`).
        case sourceStatus
        case words([String])

        public var values: [String] {
            switch self {
            case .sourceStatus: SourceStatus.allCases.map(\.rawValue)
            case .words(let words): words
            }
        }

        /// The stored spelling of `text`, nil when it is not in the vocabulary.
        public func canonical(_ text: String) -> String? {
            switch self {
            case .sourceStatus: SourceStatus(parsing: text)?.rawValue
            case .words(let words): words.first { $0 == text.trimmingCharacters(in: .whitespaces).lowercased() }
            }
        }
    }

    public struct Property: Sendable, Hashable {
        public let name: String
        public let type: PropertyType
        public let description: String
        /// Whether `name=value` filters the collection's items.
        public let queryable: Bool
        /// The values it takes, when they are a fixed list (a queryable's `enum`).
        public var vocabulary: Vocabulary? = nil
    }

    public enum GeometryType: String, Sendable, Hashable {
        case point = "Point"
        case lineString = "LineString"
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

    public var queryables: [Property] { properties.filter(\.queryable) }

    public func property(named name: String) -> Property? { properties.first { $0.name == name } }
}

extension FeatureCollectionDefinition {
    /// Every collection, in the order the landing page lists them.
    public static let all: [FeatureCollectionDefinition] = [sources] + areaLevels + [depots, clusters, hotspots, routes]

    public static func named(_ id: String) -> FeatureCollectionDefinition? { all.first { $0.id == id } }

    public static let sources = FeatureCollectionDefinition(
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
                description: "permitted, registered, rectifying, special or unlicensed (a filter may also name it in Chinese: 无证…).",
                queryable: true, vocabulary: .sourceStatus),
            Property(name: "status_date", type: .date, description: "When the source reached its status.", queryable: false),
            Property(name: "deadline", type: .date, description: "Rectification deadline (rectifying sources).", queryable: false),
            Property(name: "prefecture_code", type: .string, description: "Prefecture code.", queryable: true),
            Property(name: "county_code", type: .string, description: "County code.", queryable: true),
            Property(name: "town_code", type: .string, description: "Town code.", queryable: true),
            Property(name: "grid_code", type: .string, description: "Administrative grid code.", queryable: true),
            Property(
                name: "placement", type: .string,
                description: "inside (in an area), snapped (moved to the nearest area) or unassigned.", queryable: true,
                vocabulary: .words(Placement.allCases.map(\.rawValue))),
            Property(
                name: "declared_area_code", type: .string,
                description: "The area the register declares the source in (行政区划代码, a state code), as given.", queryable: true),
            Property(
                name: "location_mismatch", type: .integer,
                description: "1 when the point lies outside its declared area (a likely geocoding error), 0 when inside, null when none is declared.",
                queryable: true),
            Property(
                name: "attributes", type: .object,
                description: "The register's columns that map to no field, keyed by their header names (text values).", queryable: false),
        ],
        temporalProperty: "status_date")

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
            temporalProperty: nil)
    }

    public static let depots = FeatureCollectionDefinition(
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
        temporalProperty: nil)

    /// The clusters of the latest clusters run (`permitwatch clusters`).
    public static let clusters = FeatureCollectionDefinition(
        id: "clusters",
        title: "Unlicensed clusters (latest run)",
        description: "The DBSCAN clusters of the latest `permitwatch clusters` run: outline (convex hull buffered by eps/2), members, risk.",
        geometryType: .multiPolygon,
        idProperty: "cluster",
        properties: [
            Property(name: "cluster", type: .integer, description: "Cluster number, in the order of the clusters' first source id.", queryable: true),
            Property(name: "members", type: .integer, description: "Sources in the cluster.", queryable: false),
            Property(name: "core_members", type: .integer, description: "Core points among them.", queryable: false),
            Property(name: "first_source_id", type: .string, description: "The member with the smallest source id.", queryable: false),
            Property(name: "risk", type: .number, description: "Risk score 0–100 (see the README).", queryable: false),
            Property(name: "area_km2", type: .number, description: "Area of the outline, km².", queryable: false),
            Property(name: "density_per_km2", type: .number, description: "Members per km² of outline.", queryable: false),
            Property(name: "sources_nearby", type: .integer, description: "Other sources within eps of a member.", queryable: false),
            Property(name: "licensed_nearby", type: .integer, description: "Permitted or registered among them.", queryable: false),
            Property(name: "overdue_nearby", type: .integer, description: "Rectifying past their deadline among them.", queryable: false),
            Property(name: "by_status", type: .object, description: "Members by status.", queryable: false),
            Property(name: "by_industry", type: .object, description: "Members by industry code.", queryable: false),
            Property(name: "towns", type: .array, description: "Town codes the members lie in.", queryable: false),
            Property(name: "grids", type: .array, description: "Grid codes the members lie in.", queryable: false),
            Property(name: "centroid_lon", type: .number, description: "Mean member position, longitude.", queryable: false),
            Property(name: "centroid_lat", type: .number, description: "Mean member position, latitude.", queryable: false),
        ],
        temporalProperty: nil)

    /// The cells of the latest hot-spot run (`permitwatch hotspots`).
    public static let hotspots = FeatureCollectionDefinition(
        id: "hotspots",
        title: "Hot spots (latest run)",
        description: "Getis-Ord Gi* per grid cell of the latest `permitwatch hotspots` run: value, z, p and bin (±3/±2/±1 at 99/95/90 %).",
        geometryType: .multiPolygon,
        idProperty: "cell",
        properties: [
            Property(name: "cell", type: .string, description: "CX_CY for square cells, the grid code for administrative grids.", queryable: true),
            Property(name: "cx", type: .integer, description: "Square cell column (x / size, x in the metric CRS).", queryable: false),
            Property(name: "cy", type: .integer, description: "Square cell row.", queryable: false),
            Property(name: "value", type: .number, description: "The analysed value: a count or a rate.", queryable: false),
            Property(name: "sources", type: .integer, description: "Sources of any status in the cell.", queryable: false),
            Property(name: "z", type: .number, description: "Gi* z-score (null for a cell with no neighbour).", queryable: false),
            Property(name: "p", type: .number, description: "Two-sided p-value.", queryable: false),
            Property(name: "bin", type: .integer, description: "3/2/1 hot, -3/-2/-1 cold at 99/95/90 % confidence, 0 not significant.", queryable: true),
        ],
        temporalProperty: nil)

    /// One line per team of every stored route plan (`permitwatch route plan`, `POST /analytics/routes`).
    public static let routes = FeatureCollectionDefinition(
        id: "routes",
        title: "Inspection routes",
        description: "Every stored route plan, one LineString per team: the path driven from the depot and back (along the roads when a network was used), with its stops in order.",
        geometryType: .lineString,
        idProperty: "route",
        properties: [
            Property(name: "route", type: .string, description: "PLAN-TEAM, e.g. 3-1.", queryable: true),
            Property(name: "plan_id", type: .integer, description: "The stored plan.", queryable: true),
            Property(name: "team", type: .integer, description: "Team number, from 1.", queryable: true),
            Property(name: "depot", type: .string, description: "Where the team starts and ends.", queryable: false),
            Property(name: "stops", type: .integer, description: "Stops visited.", queryable: false),
            Property(name: "stop_ids", type: .string, description: "Source ids in visiting order (JSON array).", queryable: false),
            Property(name: "prize", type: .number, description: "Priority collected.", queryable: false),
            Property(name: "distance_km", type: .number, description: "Kilometres driven, depot to depot.", queryable: false),
            Property(name: "duration_h", type: .number, description: "Hours from leaving the depot to coming back, service included.", queryable: false),
            Property(name: "created_at", type: .string, description: "When the plan was made (UTC).", queryable: false),
        ],
        temporalProperty: nil)
}
