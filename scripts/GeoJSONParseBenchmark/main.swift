import Foundation

// Times GeoKit's hand-written JSON parser against Foundation's on the province's GeoJSON files
// (issue 13). Run through scripts/geojson-parse-benchmark.sh, which builds it in release mode.
//
//   geojson-parse-benchmark time DIR [REPEATS]   every variant on every file in DIR, best of REPEATS (5)
//   geojson-parse-benchmark peak VARIANT FILE    one run in this process; prints its peak resident memory

let files = ["prefectures.geojson", "counties.geojson", "towns.geojson", "grids.geojson"]

func seconds(_ body: () throws -> Int) rethrows -> (seconds: Double, count: Int) {
    let start = DispatchTime.now().uptimeNanoseconds
    let count = try body()
    return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, count)
}

/// VmHWM, the process's peak resident memory so far, in MB.
func peakMegabytes() -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return Double(line.split(separator: " ").compactMap { Int($0) }.first ?? 0) / 1024
}

func timeAll(directory: String, repeats: Int) throws {
    let header = ["file", "MB", "features"] + ParseVariant.allCases.map(\.rawValue)
    print(header.joined(separator: "\t"))
    for file in files {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(file))
        var row = [file, String(format: "%.1f", Double(data.count) / 1e6)]
        var best: [Double] = []
        var counts: Set<Int> = []
        for variant in ParseVariant.allCases {
            var fastest = Double.infinity
            for _ in 0..<repeats {
                let run = try seconds { try variant.run(data) }
                fastest = min(fastest, run.seconds)
                counts.insert(run.count)
            }
            best.append(fastest)
        }
        guard counts.count == 1, let features = counts.first else {
            throw BenchmarkFailure(description: "\(file): the variants disagree on the feature count: \(counts.sorted())")
        }
        row.append(String(features))
        row += best.map { String(format: "%.3f", $0) }
        print(row.joined(separator: "\t"))
    }
}

func peak(variant name: String, file: String) throws {
    guard let variant = ParseVariant(rawValue: name) else {
        throw BenchmarkFailure(description: "no variant \(name); one of \(ParseVariant.allCases.map(\.rawValue))")
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    let loaded = peakMegabytes()
    let count = try variant.run(data)
    print(String(format: "%@\t%@\t%d features\tpeak %.0f MB\t(%.0f MB with the file loaded)",
                 name, (file as NSString).lastPathComponent, count, peakMegabytes(), loaded))
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch (arguments.first, arguments.count) {
    case ("time", 2):
        try timeAll(directory: arguments[1], repeats: 5)
    case ("time", 3) where Int(arguments[2]).map { $0 > 0 } == true:
        try timeAll(directory: arguments[1], repeats: Int(arguments[2])!)
    case ("peak", 3):
        try peak(variant: arguments[1], file: arguments[2])
    default:
        print("usage: geojson-parse-benchmark time DIR [REPEATS] | peak VARIANT FILE")
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("geojson-parse-benchmark: \(error)\n".utf8))
    exit(1)
}
