using System.Globalization;

namespace MLGan.Training;

/// <summary>
/// Every constraint on <see cref="GanOptions.BatchSize"/>, in one place, used when options are validated (training rows
/// unknown) and again at Fit (rows known):
/// <list type="number">
/// <item>a multiple of <see cref="GanOptions.PackingDegree"/> (the discriminator judges packs of that many rows);</item>
/// <item>at least 2 discriminator rows (BatchSize / PackingDegree) per batch with <see cref="GanOptions.MinibatchStandardDeviation"/>,
/// <see cref="GanOptions.MinibatchDiscrimination"/> or <see cref="GanOptions.DiscriminatorNormalization"/> = BatchNorm (they compare rows of a batch);</item>
/// <item>at least 2 rows per batch with <see cref="GanOptions.GeneratorNormalization"/> = BatchNorm;</item>
/// <item>at most the number of training rows.</item>
/// </list>
/// A violation fails with one message that names every rule that applies and a value that satisfies all of them, or,
/// when none can (too few rows), the options to change and values that then work.
/// </summary>
internal static class BatchSizeRules
{
    /// <summary>Checks <paramref name="options"/>' BatchSize; <paramref name="rows"/> is the training row count when known.</summary>
    public static void Check(GanOptions options, int? rows = null)
    {
        int batch = options.BatchSize, packing = options.PackingDegree;
        int smallest = Smallest(options);
        bool ok = batch % packing == 0 && batch >= smallest && (rows is not int n || batch <= n);
        if (ok)
            return;

        var c = CultureInfo.InvariantCulture;
        var rules = new List<string>();
        if (packing > 1)
            rules.Add(string.Format(c, "a multiple of PackingDegree ({0})", packing));
        var discriminator = Pairing(options).Where(p => p.Discriminator).Select(p => p.Option).ToList();
        if (discriminator.Count > 0)
            rules.Add(string.Format(c, "at least 2 discriminator rows per batch, i.e. at least 2 x PackingDegree = {0}, because {1} compare{2} the rows of a batch",
                2 * packing, string.Join(" and ", discriminator), discriminator.Count == 1 ? "s" : ""));
        if (Pairing(options).Any(p => !p.Discriminator))
            rules.Add("at least 2, because GeneratorNormalization = BatchNorm normalizes over the rows of a batch");
        if (rows is int count)
            rules.Add(string.Format(c, "at most the number of training rows ({0})", count));
        string message = string.Format(c, "GanOptions.BatchSize = {0} does not fit these options. BatchSize must be {1}.", batch,
            rules.Count == 0 ? "positive" : string.Join("; ", rules));

        int? suggestion = Suggest(batch, packing, smallest, rows);
        if (suggestion is int value)
            message += string.Format(c, " Use BatchSize = {0}.", value);
        else
            message += " " + Relaxation(options, rows!.Value);
        if (rows is null)
            throw new ArgumentException(message, nameof(GanOptions.BatchSize));
        throw new InvalidOperationException(message);
    }

    /// <summary>The smallest batch the options allow, ignoring the row count.</summary>
    private static int Smallest(GanOptions options)
    {
        int smallest = Pairing(options).Any(p => p.Discriminator) ? 2 * options.PackingDegree : options.PackingDegree;
        return Pairing(options).Any(p => !p.Discriminator) ? Math.Max(smallest, RoundUp(2, options.PackingDegree)) : smallest;
    }

    /// <summary>The options on that need 2 rows per batch: in the discriminator (after packing) or the generator, and how to turn each off.</summary>
    private static IEnumerable<(string Option, bool Discriminator, string Off)> Pairing(GanOptions options)
    {
        if (options.MinibatchStandardDeviation)
            yield return ("MinibatchStandardDeviation", true, "MinibatchStandardDeviation = false");
        if (options.MinibatchDiscrimination)
            yield return ("MinibatchDiscrimination", true, "MinibatchDiscrimination = false");
        if (options.DiscriminatorNormalization == GanNormalization.BatchNorm)
            yield return ("DiscriminatorNormalization = BatchNorm", true, "DiscriminatorNormalization = GanNormalization.LayerNorm");
        if (options.GeneratorNormalization == GanNormalization.BatchNorm)
            yield return ("GeneratorNormalization = BatchNorm", false, "GeneratorNormalization = GanNormalization.LayerNorm");
    }

    /// <summary>The allowed value nearest to <paramref name="batch"/>, or null when no value is allowed.</summary>
    private static int? Suggest(int batch, int packing, int smallest, int? rows)
    {
        int largest = rows is int n ? n / packing * packing : int.MaxValue / packing * packing;
        if (largest < smallest)
            return null;
        int down = Math.Max(smallest, batch / packing * packing);
        int up = RoundUp(Math.Max(batch, smallest), packing);
        if (down > largest)
            return largest;
        return up <= largest && up - batch < batch - down ? up : Math.Min(down, largest);
    }

    /// <summary>With too few rows for any batch: the options to change and values that then work.</summary>
    private static string Relaxation(GanOptions options, int rows)
    {
        var c = CultureInfo.InvariantCulture;
        var changes = Pairing(options).Select(p => p.Off).ToList();
        int packing = options.PackingDegree;
        if (packing > rows)
        {
            changes.Add("PackingDegree = 1");
            packing = 1;
        }
        changes.Add(string.Format(c, "BatchSize = {0}", rows / packing * packing));
        return string.Format(c, "No BatchSize satisfies all of them with {0} training row{1}: train on more rows, or set {2}.",
            rows, rows == 1 ? "" : "s", string.Join(", ", changes));
    }

    private static int RoundUp(int value, int multiple) => (int)Math.Min(int.MaxValue / multiple * (long)multiple, ((long)value + multiple - 1) / multiple * multiple);
}
