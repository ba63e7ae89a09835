/// Why a benchmark run stopped: a wrong argument, or variants that disagree on a file.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
}
