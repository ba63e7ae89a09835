import Foundation

/// Writes `dataset.json`, the manifest an importer reads first: which file holds which layer,
/// the coordinate system, the as-of date and the options that reproduce the dataset.
struct ManifestWriter {
    static let files: [(key: String, file: String)] = [
        ("prefecture", "prefectures.geojson"), ("county", "counties.geojson"), ("town", "towns.geojson"),
        ("grid", "grids.geojson"), ("sources", "sources.csv"), ("events", "events.csv"), ("depots", "depots.csv"),
    ]

    let options: GeneratorOptions

    func write(to url: URL) throws -> Int {
        try DatasetFile.write(to: url) { file in
            file.out.text("{\n  \"name\": \"permitwatch-guangdong-2020\",\n")
            file.out.text("  \"description\": \"Synthetic Guangdong-like province: areas, pollution sources and their 2020 status history\",\n")
            file.out.text("  \"generator\": {\"seed\": ")
            file.out.text(String(options.seed))
            file.out.text(", \"sources\": ")
            file.out.integer(options.sources)
            file.out.text(", \"pixel_size\": ")
            file.out.text(Self.number(options.pixelSize))
            file.out.text("},\n  \"crs\": \"wgs84\",\n  \"as_of\": \"2020-12-31\",\n  \"files\": {")
            for (n, entry) in Self.files.enumerated() {
                file.out.text(n == 0 ? "\n    " : ",\n    ")
                file.out.jsonString(entry.key)
                file.out.text(": ")
                file.out.jsonString(entry.file)
            }
            file.out.text("\n  }\n}\n")
        }
    }

    /// Integral values without a fraction (250, not 250.0).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
