import Enforcement
import Foundation
import Logging

/// An input file read and checked exactly as its ingest reads it, with no database and nothing
/// written: what the readers' fuzzer (`scripts/ReaderFuzz`, issue 16) feeds its files to.
///
/// Each check is the ingest's own reading step, not a copy of it, so a file the check accepts
/// is one the ingest would read, and a file it rejects is rejected with the ingest's message.
/// The checks run without a store, so what is checked against stored data (the areas' extent
/// for swapped coordinates, the metric CRS) is left out.
public enum InputCheck {
    /// What a file that was read holds.
    public struct Outcome: Sendable {
        /// Rows (sources) or features (areas) read.
        public var items: Int
        /// Rows left out (`skipBadRows`).
        public var leftOut: Int
        /// The reader's warnings, as they would be logged.
        public var warnings: [String]
    }

    /// `ingest sources FILE` (a CSV list) up to the write: decoded, split, every row checked.
    ///
    /// - Parameter skipBadRows: `--on-error skip` (bad rows left out, up to `--max-errors`).
    /// - Throws: `RejectedInput` naming the file, the line and the field.
    public static func sourceList(bytes: [UInt8], file: String, skipBadRows: Bool = false) throws -> Outcome {
        var options = SourceFileReader.Options()
        options.skipBadRows = skipBadRows
        let result = try SourceFileReader(file: file, options: options).read(bytes: bytes)
        return Outcome(items: result.records.count, leftOut: result.rejected.count, warnings: result.warnings.map(\.description))
    }

    /// `ingest areas FILE --level LEVEL` up to the write: read (GeoKit's reader for GeoJSON,
    /// GDAL for the rest), codes and names found, polygons converted, checked and repaired.
    ///
    /// - Throws: `RejectedInput` naming the file, the feature and the field.
    public static func areas(file path: String, level: AreaLevel = .town) throws -> Outcome {
        let quiet = Logger(label: "permitwatch.input-check") { _ in SwiftLogNoOpLogHandler() }
        let (_, areas, warnings) = try AreaIngest.read(path, options: .init(level: level), logger: quiet, progress: .silent)
        return Outcome(items: areas.count, leftOut: 0, warnings: warnings)
    }
}
