import ArgumentParser
import Foundation
import PermitWatch
import SpatiaLiteStore

/// `permitwatch benchmark`: times every stage of the data spine on the full default dataset.
struct Benchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time every stage (generate, ingest, assign, summary) on full-province data, with peak memory.",
        discussion: "Build with -c release first (scripts/benchmark.sh does). Writes into --work (default: a temporary directory).")

    @Option(name: .long, help: ArgumentHelp("Working directory for the dataset and database.", valueName: "dir"))
    var work: String?

    @Option(name: .long, help: "Touched sources to generate.")
    var sources: Int = 661_494

    @Flag(name: .long, help: "Time only queries, the export and analytics, on the database an earlier run left in --work.")
    var readsOnly = false

    func run() throws {
        let directory = work.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-benchmark")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        FileHandle.standardOutput.write(Data("stage                                             seconds   peak MB  detail\n".utf8))
        let benchmark = PermitWatch.Benchmark(
            workDirectory: directory, sources: sources, readsOnly: readsOnly, storeAt: { SpatiaLiteFile(path: $0) })
        _ = try benchmark.run(logger: CommandLogging.makeLogger()) { stage in
            let name = stage.name.padding(toLength: 48, withPad: " ", startingAt: 0)
            let peak = stage.peakBytes > 0 ? String(format: "%9.0f", Double(stage.peakBytes) / 1_048_576) : "         "
            // Unbuffered, so each stage shows as it finishes even through a pipe.
            FileHandle.standardOutput.write(Data("\(name) \(String(format: "%8.2f", stage.seconds)) \(peak)  \(stage.detail)\n".utf8))
        }
    }
}
