/// Composes the names of counties, towns, villages, officers and companies from syllable pools.
///
/// Names only need to be plausible and unique where the real ones are (a county in the
/// province, a town in its county, a grid in its town); uniqueness is enforced by redrawing
/// against the names already taken, and a numbered fallback guarantees termination.
enum NameFactory {
    private static let first = Syllables.placeFirst
    private static let second = Syllables.placeSecond
    private static let surnameWeights = Syllables.surnames.map { $0.1 }

    /// A two-character place stem not yet in `taken`; the stem is inserted into `taken`.
    static func placeStem(rng: inout SeededRandom, taken: inout Set<String>) -> String {
        for _ in 0..<200 {
            let a = first[rng.below(first.count)]
            let b = second[rng.below(second.count)]
            if a == b { continue }
            let stem = String(a) + String(b)
            if taken.insert(stem).inserted { return stem }
        }
        var n = 1
        while true {
            let stem = String(first[rng.below(first.count)]) + String(second[rng.below(second.count)]) + "\(n)"
            if taken.insert(stem).inserted { return stem }
            n += 1
        }
    }

    /// A personal name: surname plus one or two given characters.
    static func person(rng: inout SeededRandom) -> String {
        let surname = Syllables.surnames[rng.weightedIndex(surnameWeights)].0
        let given = Syllables.given
        if rng.chance(0.25) {
            return surname + String(given[rng.below(given.count)])
        }
        return surname + String(given[rng.below(given.count)]) + String(given[rng.below(given.count)])
    }

    /// An 11-digit mainland mobile number.
    static func mobile(rng: inout SeededRandom) -> String {
        var s = Syllables.mobilePrefixes[rng.below(Syllables.mobilePrefixes.count)]
        for _ in 0..<8 { s.append(Character(String(rng.below(10)))) }
        return s
    }
}
