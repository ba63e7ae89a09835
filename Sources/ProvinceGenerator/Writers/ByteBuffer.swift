/// Bytes of an output file under construction, with the few formatters the dataset needs.
///
/// Numbers are formatted by hand (fixed 6 decimals, integers, zero-padded digits): Foundation's
/// formatters and JSONSerialization are far too slow for a hundred megabytes of output, and
/// hand formatting also keeps the bytes independent of locale. A value type, so parallel jobs
/// can each fill their own buffer and the results are concatenated in order.
struct ByteBuffer: Sendable {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    @inline(__always)
    mutating func byte(_ b: UInt8) { bytes.append(b) }

    @inline(__always)
    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    @inline(__always)
    mutating func append(_ other: ArraySlice<UInt8>) { bytes.append(contentsOf: other) }

    /// A decimal integer.
    mutating func integer(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            integer(value == Int.min ? Int.max : -value)
            return
        }
        if value < 10 {
            bytes.append(UInt8(48 + value))
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var v = value
        while divisor > 0 {
            bytes.append(UInt8(48 + v / divisor))
            v %= divisor
            divisor /= 10
        }
    }

    /// `value` as exactly `width` digits (zero-padded; higher digits are cut).
    @inline(__always)
    mutating func digits(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<max(width, 1) { divisor *= 10 }
        var v = max(value, 0) % (divisor * 10)
        while divisor > 0 {
            bytes.append(UInt8(48 + v / divisor))
            v %= divisor
            divisor /= 10
        }
    }

    /// A coordinate with exactly 6 decimals (about 0.1 m), rounded half away from zero.
    @inline(__always)
    mutating func fixed6(_ value: Double) {
        var scaled = (value * 1_000_000).rounded()
        if scaled < 0 {
            bytes.append(UInt8(ascii: "-"))
            scaled = -scaled
        }
        let n = Int(scaled)
        integer(n / 1_000_000)
        bytes.append(UInt8(ascii: "."))
        digits(n % 1_000_000, width: 6)
    }

    /// A JSON string literal (quotes included), escaping what JSON requires.
    mutating func jsonString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case 0..<0x20:
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A CSV field, quoted per RFC 4180 only when it holds a comma, quote or line break.
    mutating func csvField(_ s: String) {
        let needsQuotes = s.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else {
            text(s)
            return
        }
        bytes.append(34)
        for b in s.utf8 {
            if b == 34 { bytes.append(34) }
            bytes.append(b)
        }
        bytes.append(34)
    }
}
