import Foundation
import Enforcement

/// What a generation produced and how long each step took, for the CLI to print and for
/// tests to check without re-reading the files.
public struct GeneratedDatasetSummary: Sendable {
    /// One written file: its name in the output directory, features or data rows, and size.
    public struct File: Sendable, Equatable {
        public let name: String
        public let records: Int
        public let bytes: Int
    }

    /// One step of the generation and its wall time.
    public struct Step: Sendable, Equatable {
        public let name: String
        public let seconds: Double
    }

    /// The options that reproduce this dataset.
    public let options: GeneratorOptions
    /// Features written per area level; counties, towns and grids can fall a little short of
    /// their targets when a seed ends up with no pixels (more so at coarse pixel sizes).
    public internal(set) var prefectures = 0
    public internal(set) var counties = 0
    public internal(set) var towns = 0
    public internal(set) var grids = 0
    /// Enforcement bureaus, one per county.
    public internal(set) var depots = 0
    /// Rows of `sources.csv` (touched plus unlicensed) and of `events.csv`.
    public internal(set) var sources = 0
    public internal(set) var events = 0
    /// Status of every source at 2020-12-31.
    public internal(set) var sourcesByStatus: [SourceStatus: Int] = [:]
    public internal(set) var eventsByKind: [EventKind: Int] = [:]
    /// Rectifying sources whose deadline had passed by 2020-12-31.
    public internal(set) var overdueRectifying = 0
    /// Deliberate geocoding errors actually placed (near shore, far out at sea).
    public internal(set) var nearShoreErrors = 0
    public internal(set) var offshoreErrors = 0
    /// Raster size the areas were traced from.
    public internal(set) var rasterWidth = 0
    public internal(set) var rasterHeight = 0
    /// Every file written, in the order written.
    public internal(set) var files: [File] = []
    /// Wall time of each step, in order.
    public internal(set) var steps: [Step] = []

    /// Wall time of the whole generation.
    public var totalSeconds: Double { steps.reduce(0) { $0 + $1.seconds } }

    init(options: GeneratorOptions) { self.options = options }
}

extension GeneratedDatasetSummary: CustomStringConvertible {
    /// A multi-line report for the terminal: areas, sources by status, events by kind, files, timings.
    public var description: String {
        func number(_ n: Int) -> String {
            let digits = String(n)
            var out = ""
            for (k, c) in digits.enumerated() {
                if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            return out
        }
        var lines: [String] = []
        lines.append(
            "areas: \(prefectures) prefectures, \(counties) counties, \(number(towns)) towns, \(number(grids)) grids, \(depots) depots"
        )
        let statuses = SourceStatus.allCases.map { "\($0.rawValue) \(number(sourcesByStatus[$0] ?? 0))" }
        lines.append("sources: \(number(sources)) (\(statuses.joined(separator: ", ")))")
        lines.append(
            "  overdue rectifying \(number(overdueRectifying)); deliberate sea errors \(nearShoreErrors) near shore, \(offshoreErrors) offshore"
        )
        let kinds = EventKind.allCases.filter { eventsByKind[$0, default: 0] > 0 }.map { "\($0.rawValue) \(number(eventsByKind[$0] ?? 0))" }
        lines.append("events: \(number(events)) (\(kinds.joined(separator: ", ")))")
        for file in files {
            lines.append("  \(file.name): \(number(file.records)) records, \(number(file.bytes)) bytes")
        }
        let timing = steps.map { "\($0.name) \(String(format: "%.2f", $0.seconds))" }
        lines.append("time: \(String(format: "%.2f", totalSeconds)) s (\(timing.joined(separator: ", ")))")
        return lines.joined(separator: "\n")
    }
}
