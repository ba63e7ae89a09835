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

    public init(
        prefectureCode: String? = nil, countyCode: String? = nil, townCode: String? = nil, gridCode: String? = nil,
        cellX: Int? = nil, cellY: Int? = nil, placement: Placement, snapDistance: Double? = nil
    ) {
        self.prefectureCode = prefectureCode
        self.countyCode = countyCode
        self.townCode = townCode
        self.gridCode = gridCode
        self.cellX = cellX
        self.cellY = cellY
        self.placement = placement
        self.snapDistance = snapDistance
    }

    public static let unassigned = SourceAssignment(placement: .unassigned)
}
