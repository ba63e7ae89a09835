/// What determines a generated dataset. The output is a pure function of these three values:
/// the same options always give byte-identical files.
public struct GeneratorOptions: Sendable, Equatable {
    /// Sources the 2020 campaign touched (permitted + registered + rectifying + special).
    /// The default is Guangdong's 2020 figure; unlicensed sources (3%) come on top.
    public var sources: Int = SourcePlan.referenceTouched
    /// Seed of every random choice: geography details, names, sources, history.
    public var seed: UInt64 = 2020
    /// Raster resolution in metres that areas are labelled and traced at. 250 m gives the
    /// reference dataset; tests use 1000–2000 m, which generates in a fraction of the time.
    public var pixelSize: Double = 250

    /// Accepted ranges, checked by `ProvinceGenerator.write`.
    public static let sourcesRange = 0...5_000_000
    public static let pixelSizeRange = 100.0...5_000.0

    public init(sources: Int = SourcePlan.referenceTouched, seed: UInt64 = 2020, pixelSize: Double = 250) {
        self.sources = sources
        self.seed = seed
        self.pixelSize = pixelSize
    }

    /// Throws `GeneratorError.invalidOption` naming the first option out of range.
    public func validate() throws {
        guard Self.sourcesRange.contains(sources) else {
            throw GeneratorError.invalidOption(
                "sources must be between \(Self.sourcesRange.lowerBound) and \(Self.sourcesRange.upperBound), got \(sources)")
        }
        guard pixelSize.isFinite, Self.pixelSizeRange.contains(pixelSize) else {
            throw GeneratorError.invalidOption(
                "pixel size must be between \(Int(Self.pixelSizeRange.lowerBound)) and \(Int(Self.pixelSizeRange.upperBound)) metres, got \(pixelSize)")
        }
    }
}
