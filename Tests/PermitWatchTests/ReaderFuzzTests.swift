import Foundation
import ReaderFuzzing
import Testing
import TestSupport

/// `scripts/fuzz-readers.sh` at a reduced size (issue 16, point 5): the CSV, GeoJSON and
/// query-catalog readers fed 300 generated files each, in process. No crash, no file over 5 s,
/// every rejection with a located message; some files must be accepted and some rejected, or
/// the fuzzer tests nothing. The full-size run is in the README.
@Suite("Fuzzing the readers")
struct ReaderFuzzTests {
    static let filesPerReader = 300

    @Test(arguments: FuzzedReader.allCases)
    func everyFileIsAcceptedOrRejectedWithAMessage(_ reader: FuzzedReader) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("permitwatch-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var run = try FuzzRun(reader: reader, seed: 16, root: TestEnvironment.repositoryRoot, output: output)
        // A debug build reads several times slower than the release build the 5 s rule is
        // measured on (`scripts/fuzz-readers.sh`), beside the suite's other tests.
        run.timeLimit = 30
        let summary = try run.run(files: Self.filesPerReader)
        #expect(summary.files == Self.filesPerReader)
        #expect(summary.accepted > 0, "no file was accepted: the seeds or the harness are broken")
        #expect(summary.rejected > 0, "no file was rejected: the mutations do not reach the reader")
        #expect(summary.failures.isEmpty, "\(summary.failures.prefix(5).map { "file \($0.number): \($0.reason)" }.joined(separator: "\n"))")
    }

    /// A file is a function of the seed, the reader and its number: a failure is made again.
    @Test func aFileIsMadeAgainFromItsSeedAndNumber() throws {
        let seeds = try SeedFiles.load(.geojson, root: TestEnvironment.repositoryRoot)
        let mutator = Mutator(reader: .geojson, seeds: seeds)
        #expect(mutator.file(number: 0, seed: 16) == seeds[0])
        for number in [seeds.count, 1_234, 9_999] {
            #expect(mutator.file(number: number, seed: 16) == mutator.file(number: number, seed: 16))
        }
        #expect(mutator.file(number: 1_234, seed: 16) != mutator.file(number: 1_234, seed: 17))
    }
}
