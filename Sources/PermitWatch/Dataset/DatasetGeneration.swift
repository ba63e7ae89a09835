import Foundation
import ProvinceGenerator

/// `permitwatch generate`: writes the deterministic Guangdong-like default dataset.
public enum DatasetGeneration {
    /// What was written, for the command's report.
    public struct Result: Sendable {
        public var directory: URL
        public var seconds: Double
        /// Files and counts, one per line.
        public var summary: String
    }

    /// Checks the options as the user gave them, before anything is written.
    ///
    /// - Throws: `ParameterError` naming `sources` or `pixel_size`.
    public static func check(sources: Int, pixelSize: Double) throws {
        guard sources > 0, GeneratorOptions.sourcesRange.contains(sources) else {
            throw ParameterError("sources", String(sources), "expected a whole number from 1 to \(GeneratorOptions.sourcesRange.upperBound)")
        }
        let range = GeneratorOptions.pixelSizeRange
        guard pixelSize.isFinite, range.contains(pixelSize) else {
            throw ParameterError(
                "pixel_size", number: pixelSize, "expected between \(Int(range.lowerBound)) and \(Int(range.upperBound)) metres")
        }
    }

    /// Generates into `directory` (created if missing); the same options give the same bytes.
    public static func run(to directory: URL, sources: Int, seed: UInt64, pixelSize: Double, progress: ProgressReporter) throws -> Result {
        try check(sources: sources, pixelSize: pixelSize)
        var clock = Stopwatch()
        let summary: GeneratedDatasetSummary
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            summary = try ProvinceGenerator(options: GeneratorOptions(sources: sources, seed: seed, pixelSize: pixelSize))
                .write(to: directory) { progress.report($0) }
        } catch let error as GeneratorError {
            throw Refusal(error.description)
        } catch let error as CocoaError {
            throw Refusal("cannot write \(directory.path): \(error.localizedDescription)")
        }
        return Result(directory: directory, seconds: clock.lap(), summary: "\(summary)")
    }
}
