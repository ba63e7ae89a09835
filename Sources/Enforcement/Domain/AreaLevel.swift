/// The administrative levels areas nest in: prefecture → county → town → grid.
public enum AreaLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case prefecture
    case county
    case town
    /// An administrative enforcement grid (网格) inside a town.
    case grid

    /// The level an area of this level nests in, if any.
    public var parent: AreaLevel? {
        switch self {
        case .prefecture: nil
        case .county: .prefecture
        case .town: .county
        case .grid: .town
        }
    }

    public static func < (lhs: AreaLevel, rhs: AreaLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
