/// The areas a source falls in, as assignment found them.
public struct SourceAssignment: Sendable, Equatable {
    public var prefectureCode: String?
    public var countyCode: String?
    public var townCode: String?
    public var gridCode: String?
    public var cellX: Int?
    public var cellY: Int?
    public var placement: Placement
    /// Metres from the point to the area it was snapped into.
    public var snapDistance: Double?
    /// Whether this placement disagrees with the area the register declares for the source
    /// (`DeclaredArea`): nil when the register declares none. Set by the use cases that know
    /// the declared code, after the assigner, like a second placement flag.
    public var locationMismatch: Bool?

    public init(
        prefectureCode: String? = nil, countyCode: String? = nil, townCode: String? = nil, gridCode: String? = nil,
        cellX: Int? = nil, cellY: Int? = nil, placement: Placement, snapDistance: Double? = nil,
        locationMismatch: Bool? = nil
    ) {
        self.prefectureCode = prefectureCode
        self.countyCode = countyCode
        self.townCode = townCode
        self.gridCode = gridCode
        self.cellX = cellX
        self.cellY = cellY
        self.placement = placement
        self.snapDistance = snapDistance
        self.locationMismatch = locationMismatch
    }

    public static let unassigned = SourceAssignment(placement: .unassigned)
}
