import FileWriting
import GeoKit

/// The formats of the weekly report, with their media types, so the CLI (`--format`) and the
/// HTTP API (`f=`) offer and write the same ones.
public enum WeeklyReportFormat: String, Sendable, CaseIterable {
    case csv, json, geojson, html, md

    /// Whether the format draws the grid polygons (they are read only then).
    public var needsOutlines: Bool { self == .geojson || self == .html }

    public var mediaType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8; header=present"
        case .json: "application/json"
        case .geojson: "application/geo+json"
        case .html: "text/html; charset=utf-8"
        case .md: "text/markdown; charset=utf-8"
        }
    }

    /// Writes `report` in this format to `sink` (and flushes it).
    public func write(_ report: WeeklyReportResult, to sink: ByteSink) throws {
        switch self {
        case .csv: try report.table().write(to: CSVResultWriter(sink: sink))
        case .geojson: try report.table().write(to: GeoJSONResultWriter(sink: sink))
        case .json:
            var writer = GeoJSONWriter()
            writer.writeJSON(report.json())
            try sink.write(writer.takeBytes())
            try sink.write("\n")
        case .html: try sink.write(WeeklyReportHTML(report: report).render())
        case .md: try sink.write(WeeklyReportMarkdown(report: report).render())
        }
        try sink.flush()
    }
}
