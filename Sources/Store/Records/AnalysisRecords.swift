import Enforcement
import GeoKit

/// The current sources as the analytics read them: positions in metres of the metric CRS and what
/// the statistics group by, in source-id order.
public struct SourcePositions: Sendable {
    public var sourceIDs: [String] = []
    public var projected: [Coordinate] = []
    public var statuses: [SourceStatus] = []
    public var industries: [String?] = []
    public var townCodes: [String?] = []
    public var gridCodes: [String?] = []
    public var deadlines: [String?] = []

    public init() {}
    public var count: Int { projected.count }

    /// The same sources in source-id order (the order the cluster rule is defined on).
    public func sortedBySourceID() -> SourcePositions {
        let order = sourceIDs.indices.sorted { sourceIDs[$0] < sourceIDs[$1] }
        if order.elementsEqual(sourceIDs.indices) { return self }
        var sorted = SourcePositions()
        sorted.sourceIDs = order.map { sourceIDs[$0] }
        sorted.projected = order.map { projected[$0] }
        sorted.statuses = order.map { statuses[$0] }
        sorted.industries = order.map { industries[$0] }
        sorted.townCodes = order.map { townCodes[$0] }
        sorted.gridCodes = order.map { gridCodes[$0] }
        sorted.deadlines = order.map { deadlines[$0] }
        return sorted
    }
}

/// One cluster of a stored clusters run.
public struct ClusterRecord: Sendable, Equatable {
    public var cluster: Int
    public var members: Int
    public var coreMembers: Int
    public var firstSourceID: String
    public var centroid: Coordinate
    public var areaKM2: Double
    public var densityPerKM2: Double
    public var risk: Double
    public var licensedNearby: Int
    public var sourcesNearby: Int
    public var overdueNearby: Int
    /// Members by status and by industry, most first, as JSON objects.
    public var byStatus: [(String, Int)]
    public var byIndustry: [(String, Int)]
    public var towns: [String]
    public var grids: [String]
    /// The convex hull buffered by eps/2 (WGS-84).
    public var outline: MultiPolygon
    /// The concave hull, when asked for.
    public var concaveOutline: MultiPolygon?

    public init(
        cluster: Int, members: Int, coreMembers: Int, firstSourceID: String, centroid: Coordinate, areaKM2: Double,
        densityPerKM2: Double, risk: Double, licensedNearby: Int, sourcesNearby: Int, overdueNearby: Int,
        byStatus: [(String, Int)], byIndustry: [(String, Int)], towns: [String], grids: [String],
        outline: MultiPolygon, concaveOutline: MultiPolygon?
    ) {
        self.cluster = cluster
        self.members = members
        self.coreMembers = coreMembers
        self.firstSourceID = firstSourceID
        self.centroid = centroid
        self.areaKM2 = areaKM2
        self.densityPerKM2 = densityPerKM2
        self.risk = risk
        self.licensedNearby = licensedNearby
        self.sourcesNearby = sourcesNearby
        self.overdueNearby = overdueNearby
        self.byStatus = byStatus
        self.byIndustry = byIndustry
        self.towns = towns
        self.grids = grids
        self.outline = outline
        self.concaveOutline = concaveOutline
    }

    public static func == (a: ClusterRecord, b: ClusterRecord) -> Bool {
        a.cluster == b.cluster && a.members == b.members && a.firstSourceID == b.firstSourceID && a.outline == b.outline
    }
}

/// One cell of a stored hot-spot run. Its outline is not stored: a square cell's follows from
/// `cx`, `cy` and the run's cell size (`SquareGridCell`), an administrative cell's is its grid.
public struct HotspotCellRecord: Sendable, Equatable {
    /// `CX_CY` for square cells, the grid code for administrative grids.
    public var cell: String
    public var cx: Int?
    public var cy: Int?
    public var value: Double
    public var sources: Int
    public var z: Double?
    public var p: Double?
    public var bin: Int

    public init(cell: String, cx: Int?, cy: Int?, value: Double, sources: Int, z: Double?, p: Double?, bin: Int) {
        self.cell = cell
        self.cx = cx
        self.cy = cy
        self.value = value
        self.sources = sources
        self.z = z
        self.p = p
        self.bin = bin
    }
}

/// A stored analytics run: what was asked and when.
public struct AnalysisRun: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var parameters: String
    public var summary: String
    public var createdAt: String

    public init(id: Int64, kind: String, parameters: String, summary: String, createdAt: String) {
        self.id = id
        self.kind = kind
        self.parameters = parameters
        self.summary = summary
        self.createdAt = createdAt
    }
}

/// A source near a cluster, for the cluster's neighbourhood statistics.
public struct NearbySource: Sendable {
    public var sourceID: String
    public var projected: Coordinate
    public var status: SourceStatus
    public var deadline: String?

    public init(sourceID: String, projected: Coordinate, status: SourceStatus, deadline: String?) {
        self.sourceID = sourceID
        self.projected = projected
        self.status = status
        self.deadline = deadline
    }
}
