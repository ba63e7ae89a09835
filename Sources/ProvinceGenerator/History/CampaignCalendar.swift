/// When things happen: a weight per day for 2019 listings and for 2020 events.
///
/// 2020 follows the campaign's rhythm: slow in January and February (Spring Festival, then
/// the epidemic), rising through the summer to the end-of-September push, busy again in
/// December; weekends and public holidays are quiet but never empty, so every ISO week of 2020
/// has events. 2019 listings ramp up over the second half-year, when the census of sources ran.
struct CampaignCalendar: Sendable {
    private let sums2020: [Double]
    private let sums2019: [Double]

    init() {
        let monthFactor2020: [Double] = [0.6, 0.35, 0.8, 1.0, 1.1, 1.2, 1.3, 1.4, 1.6, 1.1, 1.2, 1.3]
        let holidays: [ClosedRange<Int>] = [
            Self.day(2020, 1, 1)...Self.day(2020, 1, 1), Self.day(2020, 1, 24)...Self.day(2020, 2, 2),
            Self.day(2020, 4, 4)...Self.day(2020, 4, 6), Self.day(2020, 5, 1)...Self.day(2020, 5, 5),
            Self.day(2020, 6, 25)...Self.day(2020, 6, 27), Self.day(2020, 10, 1)...Self.day(2020, 10, 8),
        ]
        let makeUpWorkdays: Set<Int> = [
            Self.day(2020, 1, 19), Self.day(2020, 4, 26), Self.day(2020, 5, 9), Self.day(2020, 6, 28),
            Self.day(2020, 9, 27), Self.day(2020, 10, 10),
        ]
        var total = 0.0
        var sums: [Double] = []
        for d in CivilDate.start2020...CivilDate.asOf {
            let weekday = CivilDate.weekday(d)
            var w = weekday < 5 ? 1.0 : (weekday == 5 ? 0.25 : 0.1)
            if makeUpWorkdays.contains(d) { w = 1.0 }
            if holidays.contains(where: { $0.contains(d) }) { w = 0.2 }
            w *= monthFactor2020[CivilDate.civil(d).month - 1]
            total += w
            sums.append(total)
        }
        sums2020 = sums
        total = 0
        sums = []
        for d in 0..<CivilDate.start2020 {
            let weekday = CivilDate.weekday(d)
            var w = weekday < 5 ? 1.0 : 0.1
            let month = CivilDate.civil(d).month
            w *= month < 6 ? 0.3 : 0.5 + 0.2 * Double(month - 6)
            total += w
            sums.append(total)
        }
        sums2019 = sums
    }

    private static func day(_ y: Int, _ m: Int, _ d: Int) -> Int { CivilDate.index(year: y, month: m, day: d) }

    /// A 2020 day in `range` (clamped to 2020), weighted by the campaign rhythm.
    func day2020(in range: ClosedRange<Int>, _ rng: inout SeededRandom) -> Int {
        let lo = max(range.lowerBound, CivilDate.start2020) - CivilDate.start2020
        let hi = min(range.upperBound, CivilDate.asOf) - CivilDate.start2020
        guard lo < hi else { return min(max(range.lowerBound, CivilDate.start2020), CivilDate.asOf) }
        return Self.sample(sums2020, lo, hi, &rng) + CivilDate.start2020
    }

    /// A 2019 listing day.
    func day2019(_ rng: inout SeededRandom) -> Int {
        Self.sample(sums2019, 0, sums2019.count - 1, &rng)
    }

    private static func sample(_ sums: [Double], _ lo: Int, _ hi: Int, _ rng: inout SeededRandom) -> Int {
        let base = lo > 0 ? sums[lo - 1] : 0
        let target = base + rng.unit() * (sums[hi] - base)
        var a = lo
        var b = hi
        while a < b {
            let mid = (a + b) / 2
            if sums[mid] > target { b = mid } else { a = mid + 1 }
        }
        return a
    }
}
