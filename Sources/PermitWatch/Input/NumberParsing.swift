import Foundation

/// Decimal number parsing straight from bytes.
///
/// The common case, up to 15 significant digits and a short fraction as every coordinate
/// column has, is computed as an integer divided by a power of ten: both are exact doubles, so
/// the quotient is correctly rounded (Clinger's fast path). Anything else falls back to strtod.
enum NumberParsing {
    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    static func parseDouble(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        var start = 0, end = raw.count
        while start < end && (raw[start] == 0x20 || raw[start] == 0x09) { start += 1 }
        while end > start && (raw[end - 1] == 0x20 || raw[end - 1] == 0x09) { end -= 1 }
        guard start < end else { return nil }
        var i = start
        var negative = false
        if raw[i] == 0x2D || raw[i] == 0x2B {
            negative = raw[i] == 0x2D
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        while i < end {
            let c = raw[i]
            if c >= 0x30 && c <= 0x39 {
                guard digits < 19 else { break }
                mantissa = mantissa * 10 + UInt64(c - 0x30)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if c == 0x2E && !seenPoint {
                seenPoint = true
            } else {
                break
            }
            i += 1
        }
        if i == end && digits > 0 && mantissa <= (1 << 53) && fractionDigits <= 22 {
            let value = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        return slowParse(UnsafeBufferPointer(rebasing: raw[start..<end]))
    }

    private static func slowParse(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        var text = Array(raw)
        text.append(0)
        return text.withUnsafeBufferPointer { b -> Double? in
            let base = UnsafeRawPointer(b.baseAddress!).assumingMemoryBound(to: CChar.self)
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &endPointer)
            guard let endPointer, endPointer - UnsafeMutablePointer(mutating: base) == raw.count, raw.count > 0 else {
                return nil
            }
            return value
        }
    }
}
