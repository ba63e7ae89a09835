// reader-fuzz: the CSV, GeoJSON and query-catalog readers fed generated files (issue 16, point 5).
//
//   reader-fuzz [--files N] [--seed S] [--out DIR] [--root DIR] [--reader csv|geojson|catalog]... [--only N]... [--time-limit S]
//
// --files N per reader (default 10,000), each a seed file or a mutation of one, as a function
// of S (default 16), the reader and the file's number; --only N reads just file N again (after
// a failure, or a crash: OUT/current names the file being read). Prints one line per reader
// (files, accepted, rejected, failures, the slowest file, peak resident memory) and exits 1 on
// any failure; failing files are in OUT/failures with the reason. See scripts/fuzz-readers.sh.
import Foundation
import ReaderFuzzing

var files = 10_000
var seed: UInt64 = 16
var output = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/reader-fuzz")
var root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
var readers: [FuzzedReader] = []
var only: [Int] = []
var timeLimit = 5.0

func usage(_ problem: String) -> Never {
    FileHandle.standardError.write(Data("reader-fuzz: \(problem)\nusage: reader-fuzz [--files N] [--seed S] [--out DIR] [--root DIR] [--reader csv|geojson|catalog]... [--only N]... [--time-limit SECONDS]\n".utf8))
    exit(64)
}

func value<T>(_ parsed: T?, _ problem: @autoclosure () -> String) -> T {
    guard let parsed else { usage(problem()) }
    return parsed
}

var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let text = arguments.popFirst() else { usage("\(flag) needs a value") }
    switch flag {
    case "--files": files = value(Int(text).flatMap { $0 > 0 ? $0 : nil }, "--files: '\(text)' is not a positive integer")
    case "--seed": seed = value(UInt64(text), "--seed: '\(text)' is not an unsigned integer")
    case "--out": output = URL(fileURLWithPath: text)
    case "--root": root = URL(fileURLWithPath: text)
    case "--reader": readers.append(value(FuzzedReader(rawValue: text), "--reader: '\(text)' is not csv, geojson or catalog"))
    case "--only": only.append(value(Int(text).flatMap { $0 >= 0 ? $0 : nil }, "--only: '\(text)' is not a file number"))
    case "--time-limit": timeLimit = value(Double(text).flatMap { $0 > 0 ? $0 : nil }, "--time-limit: '\(text)' is not a positive number")
    default: usage("unknown option \(flag)")
    }
}
if readers.isEmpty { readers = FuzzedReader.allCases }

func kB(_ value: Int?) -> String { value.map { String(format: "%.1f MB", Double($0) / 1024) } ?? "unknown" }

var failed = false
let started = Date()
print("reader-fuzz: seed \(seed), \(only.isEmpty ? "\(files) files" : "files \(only.map(String.init).joined(separator: ", "))") per reader, out \(output.path)")
for reader in readers {
    do {
        var run = try FuzzRun(reader: reader, seed: seed, root: root, output: output)
        run.timeLimit = timeLimit
        let summary = try run.run(files: files, only: only.isEmpty ? nil : only) { number, outcome, _ in
            if !only.isEmpty { print("  file \(number): \(outcome)") }
        }
        let name = reader.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        print("\(name) files \(summary.files)  accepted \(summary.accepted)  rejected \(summary.rejected)  failures \(summary.failures.count)  "
            + "slowest file \(summary.slowestNumber) (\(summary.slowestSize) bytes) \(String(format: "%.3f s, %.3f s of CPU", summary.slowestSeconds, summary.slowestCPUSeconds))  "
            + "peak RSS \(kB(summary.peakResidentKB)) (file \(summary.peakNumber.map(String.init) ?? "?"))  \(String(format: "%.1f", summary.seconds)) s")
        for failure in summary.failures.prefix(20) {
            print("  FAILURE file \(failure.number): \(failure.reason.prefix(300))")
        }
        if summary.failures.count > 20 { print("  … \(summary.failures.count - 20) more in \(output.appendingPathComponent("failures").path)") }
        if !summary.failures.isEmpty { failed = true }
        fflush(nil)  // each reader's lines as it finishes, also into a file or a pipe
    } catch {
        print("reader-fuzz: \(reader.rawValue): \(error)")
        failed = true
    }
}
print("total \(String(format: "%.1f", Date().timeIntervalSince(started))) s" + (failed ? "; FAILURES: see \(output.appendingPathComponent("failures").path)" : ""))
exit(failed ? 1 : 0)
