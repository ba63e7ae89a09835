import Foundation

// Writes a Swift file holding the text of every catalog query: `EmbedQueriesTool OUT FILE.sql…`.
// Run by the EmbedQueries build plugin; each text goes in as a list of UTF-8 bytes, which needs
// no escaping whatever the SQL contains. A file in a folder named `postgis` is the PostGIS
// version of the query of its name; every other file is SpatiaLite's.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedQueriesTool OUTPUT.swift QUERY.sql…\n".utf8))
    exit(64)
}
var swift = """
    // Generated at build time by the EmbedQueries plugin from queries/*.sql.

    /// The shipped catalog, compiled in.
    enum ShippedQueries {
        static let files: [(name: String, dialect: String, text: String)] = [

    """
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("error: cannot read \(path)\n".utf8))
        exit(1)
    }
    let name = url.deletingPathExtension().lastPathComponent
    let dialect = url.deletingLastPathComponent().lastPathComponent == "postgis" ? "postgis" : "spatialite"
    let bytes = data.map(String.init).joined(separator: ",")
    swift += "        (\"\(name)\", \"\(dialect)\", String(decoding: [\(bytes)] as [UInt8], as: UTF8.self)),\n"
}
swift += "    ]\n}\n"
do {
    try swift.write(toFile: output, atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("error: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
