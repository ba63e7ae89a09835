import Foundation

/// Calendar dates as the store keeps them: ISO `YYYY-MM-DD` text, which sorts as it reads.
public enum DateText {
    /// Whether `text` is exactly a real calendar day written `YYYY-MM-DD`.
    public static func isValidDay(_ text: String) -> Bool {
        text.utf8.count == 10 && normalize(text) == text
    }

    /// Normalises `2020-3-7`, `2020/03/07` and `2020.03.07` (and a trailing time) to
    /// `2020-03-07`; nil when the text is not a real calendar date.
    ///
    /// Runs for every row of a large file, so it avoids Foundation: no trimming through
    /// NSString, no `String(format:)`, and an already canonical date is returned as it is.
    static func normalize(_ text: String) -> String? {
        var parts = (0, 0, 0), digits = (0, 0, 0)
        var part = 0, value = 0, count = 0, leading = true, canonical = true
        var length = 0
        for byte in text.utf8 {
            if leading && (byte == 0x20 || byte == 0x09) {
                canonical = false
                continue
            }
            leading = false
            if byte == 0x20 || byte == 0x54 {  // a time follows: ignore it
                canonical = false
                break
            }
            length += 1
            if byte >= 0x30 && byte <= 0x39 {
                value = value * 10 + Int(byte - 0x30)
                count += 1
                guard count <= 4 else { return nil }
            } else if byte == 0x2D || byte == 0x2F || byte == 0x2E {
                guard count > 0, part < 2 else { return nil }
                if byte != 0x2D { canonical = false }
                if part == 0 { (parts.0, digits.0) = (value, count) } else { (parts.1, digits.1) = (value, count) }
                part += 1
                value = 0
                count = 0
            } else {
                return nil
            }
        }
        guard part == 2, count > 0 else { return nil }
        (parts.2, digits.2) = (value, count)
        let (year, month, day) = parts
        guard digits.0 == 4, digits.1 <= 2, digits.2 <= 2, (1...12).contains(month), day >= 1,
            day <= daysIn(month: month, year: year)
        else { return nil }
        if canonical && digits.1 == 2 && digits.2 == 2 && length == 10 { return text }
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Today in Asia/Shanghai, where the bureaus work.
    public static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }
}

extension DateText {
    /// A day parameter (`as_of`, `from`): the day as `YYYY-MM-DD`.
    ///
    /// - Throws: `ParameterError` naming the parameter.
    public static func day(_ text: String, parameter: String) throws -> String {
        guard isValidDay(text) else { throw ParameterError(parameter, text, "expected a date YYYY-MM-DD") }
        return text
    }
}
