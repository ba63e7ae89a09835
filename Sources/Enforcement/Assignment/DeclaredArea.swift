/// Whether the area a register declares for a source (its 行政区划代码, a state code…) agrees
/// with where its point was placed.
///
/// Codes are compared by their **key**: trimmed, upper-cased, trailing zeros removed. Chinese
/// division codes pad a unit's own code with zeros to the longer forms, so `440100` (the 6-digit
/// form of Guangzhou) is the prefecture `4401`, `440000` is the province `44`, and the 12-digit
/// statistical code `440106001000` is the town `440106001`; the key makes each form equal to the
/// others. The catalog finds the declared area's polygon with the same key in SQL
/// (`rtrim(upper(trim(code)), '0')`), so the rule is written once here and once there.
///
/// A declared code is **consistent** with a placement when its key
/// - equals the key of one of the placement's codes (prefecture, county, town, grid), as a
///   county code declared for a source placed in a town of that county does; or
/// - is all digits and, padded to a whole unit (2, 4, 6, 9 or 12 digits), a proper prefix of
///   one of its administrative codes (GB/T 2260 nests codes by prefix: the province `44`
///   contains the prefecture `4401`); or
/// - is all digits and has the placement's finest administrative code (town, else county,
///   else prefecture; padded to a whole unit) as a prefix: a code finer than the levels loaded
///   (a town declared where only counties are loaded) cannot be checked, so it is taken as
///   consistent.
///
/// Any other declared code is a **mismatch**, and so is a declared code of a source placed in no
/// area at all (its point is in none of the loaded areas, so in particular not in the declared one).
public enum DeclaredArea {
    /// The comparison key of a code.
    public static func key(_ code: String) -> String {
        var scalars = Substring(code).trimmingSpaces().uppercased().utf8[...]
        while scalars.last == 0x30 { scalars = scalars.dropLast() }
        return String(decoding: scalars, as: UTF8.self)
    }

    /// Whether `declared` (a code as the register gives it) agrees with `assignment`.
    public static func isConsistent(_ declared: String, with assignment: SourceAssignment) -> Bool {
        let declaredKey = key(declared)
        let administrative = [assignment.townCode, assignment.countyCode, assignment.prefectureCode].compactMap { $0 }.map(key)
        guard !administrative.isEmpty || assignment.gridCode != nil else { return false }
        if administrative.contains(declaredKey) || assignment.gridCode.map(key) == declaredKey { return true }
        // The prefix rules follow GB/T 2260's nesting, so they hold for codes of digits only.
        guard !declaredKey.isEmpty, isDigits(declaredKey) else { return false }
        let unit = paddedToUnit(declaredKey)
        if administrative.contains(where: { isDigits($0) && $0.count > unit.count && $0.hasPrefix(unit) }) { return true }
        if let finest = administrative.first, isDigits(finest) {
            let finestUnit = paddedToUnit(finest)
            if declaredKey.count > finestUnit.count && declaredKey.hasPrefix(finestUnit) { return true }
        }
        return false
    }

    private static func isDigits(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }

    /// Whether the declared code disagrees with the placement: nil when nothing is declared.
    public static func mismatch(_ declared: String?, with assignment: SourceAssignment) -> Bool? {
        guard let declared else { return nil }
        return !isConsistent(declared, with: assignment)
    }

    /// A digit key padded with zeros to the next whole unit of GB/T 2260 and the statistical
    /// codes (2, 4, 6, 9 or 12 digits): the key `442` is the prefecture `4420`.
    static func paddedToUnit(_ digits: String) -> String {
        let length = [2, 4, 6, 9, 12].first { $0 >= digits.count } ?? digits.count
        return digits + String(repeating: "0", count: length - digits.count)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var s = self
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return s
    }
}
