import Enforcement

/// How many sources of each kind a dataset holds, as a pure function of `--sources`.
///
/// `touched` is the number of sources the 2020 campaign dealt with; Guangdong's figures
/// (22,600 permits, 385,800 registrations, 2,994 rectification notices, 250,100 special marks)
/// are scaled to it by largest remainder, so the four always add up to `touched` and the
/// reference size reproduces the real figures exactly. Unlicensed sources come on top (3%),
/// and a few deliberate defects are planned to exact counts so tests can check them.
public struct SourcePlan: Sendable, Equatable {
    /// The reference campaign size and its real breakdown.
    public static let referenceTouched = 661_494
    static let referenceCounts: [(SourceStatus, Int)] = [
        (.permitted, 22_600), (.registered, 385_800), (.rectifying, 2_994), (.special, 250_100),
    ]

    public let touched: Int
    public let permitted: Int
    public let registered: Int
    public let rectifying: Int
    public let special: Int
    /// round(3% of touched), on top of `touched`.
    public let unlicensed: Int
    /// Geocoding errors: points in the sea 50–400 m off the coast, round(0.02% of all sources).
    public let nearShoreErrors: Int
    /// Geocoding errors: points more than 5 km out at sea, round(0.005% of all sources).
    public let offshoreErrors: Int
    /// Sources with an empty uscc, round(3% of all sources).
    public let withoutUSCC: Int
    /// Sources whose uscc has a wrong check character on purpose, round(0.5% of all sources).
    public let wrongCheckCharacter: Int

    public var total: Int { touched + unlicensed }

    public init(touched: Int) {
        let n = max(0, touched)
        self.touched = n
        let weights = Self.referenceCounts.map { Double($0.1) }
        let counts = Apportion.largestRemainder(total: n, weights: weights)
        permitted = counts[0]
        registered = counts[1]
        rectifying = counts[2]
        special = counts[3]
        unlicensed = Int((0.03 * Double(n)).rounded())
        let total = Double(n + unlicensed)
        nearShoreErrors = Int((0.000_2 * total).rounded())
        offshoreErrors = Int((0.000_05 * total).rounded())
        withoutUSCC = Int((0.03 * total).rounded())
        wrongCheckCharacter = Int((0.005 * total).rounded())
    }

    public func count(of status: SourceStatus) -> Int {
        switch status {
        case .permitted: permitted
        case .registered: registered
        case .rectifying: rectifying
        case .special: special
        case .unlicensed: unlicensed
        }
    }
}
