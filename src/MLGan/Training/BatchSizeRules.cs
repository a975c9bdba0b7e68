using System.Globalization;

namespace MLGan.Training;

/// <summary>
/// Every constraint on <see cref="GanScheduleOptions.BatchSize"/>, in one place, used when options are validated (training rows
/// unknown) and again at Fit (rows known):
/// <list type="number">
/// <item>a multiple of <see cref="PackingOptions.Degree"/> (the discriminator judges packs of that many rows);</item>
/// <item>at least 2 discriminator rows (BatchSize / PackingDegree) per batch with <see cref="MinibatchStandardDeviationOptions.Enabled"/>,
/// <see cref="MinibatchDiscriminationOptions.Enabled"/> or <see cref="DiscriminatorNetworkOptions.Normalization"/> (or, for DCGAN, <see cref="ConvolutionalNetworkOptions.DiscriminatorNormalization"/>) = BatchNorm (they compare rows of a batch);</item>
/// <item>at least 2 rows per batch with the generator's normalization (<see cref="GeneratorNetworkOptions.Normalization"/> or <see cref="ConvolutionalNetworkOptions.GeneratorNormalization"/>) = BatchNorm;</item>
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
        int batch = options.Schedule.BatchSize, packing = options.Remedies.Packing.Degree;
        int smallest = Smallest(options);
        bool ok = batch % packing == 0 && batch >= smallest && (rows is not int n || batch <= n);
        if (ok)
            return;

        var c = CultureInfo.InvariantCulture;
        var rules = new List<string>();
        if (packing > 1)
            rules.Add(string.Format(c, "a multiple of Remedies.Packing.Degree ({0})", packing));
        var discriminator = Pairing(options).Where(p => p.Discriminator).Select(p => p.Option).ToList();
        if (discriminator.Count > 0)
            rules.Add(string.Format(c, "at least 2 discriminator rows per batch, i.e. at least {0}, because {1} compare{2} the rows of a batch",
                packing > 1 ? $"2 x Remedies.Packing.Degree = {2 * packing}" : "2", string.Join(" and ", discriminator), discriminator.Count == 1 ? "s" : ""));
        if (Pairing(options).Any(p => !p.Discriminator))
            rules.Add($"at least 2, because {options.Networks.GeneratorNormalizationInUse.Option} = BatchNorm normalizes over the rows of a batch");
        if (rows is int count)
            rules.Add(string.Format(c, "at most the number of training rows ({0})", count));
        string message = string.Format(c, "GanOptions.Schedule.BatchSize = {0} does not fit these options. BatchSize must be {1}.", batch,
            rules.Count == 0 ? "positive" : string.Join("; ", rules));

        int? suggestion = Suggest(batch, packing, smallest, rows);
        if (suggestion is int value)
            message += string.Format(c, " Use Schedule.BatchSize = {0}.", value);
        else
            message += " " + Relaxation(options, rows!.Value);
        if (rows is null)
            throw new ArgumentException(message, "Schedule.BatchSize");
        throw new InvalidOperationException(message);
    }

    /// <summary>The smallest batch the options allow, ignoring the row count.</summary>
    private static int Smallest(GanOptions options)
    {
        int smallest = Pairing(options).Any(p => p.Discriminator) ? 2 * options.Remedies.Packing.Degree : options.Remedies.Packing.Degree;
        return Pairing(options).Any(p => !p.Discriminator) ? Math.Max(smallest, RoundUp(2, options.Remedies.Packing.Degree)) : smallest;
    }

    /// <summary>The options on that need 2 rows per batch: in the discriminator (after packing) or the generator, and how to turn each off.</summary>
    private static IEnumerable<(string Option, bool Discriminator, string Off)> Pairing(GanOptions options)
    {
        if (options.Remedies.MinibatchStandardDeviation.Enabled)
            yield return ("Remedies.MinibatchStandardDeviation", true, "Remedies.MinibatchStandardDeviation.Enabled = false");
        if (options.Remedies.MinibatchDiscrimination.Enabled)
            yield return ("Remedies.MinibatchDiscrimination", true, "Remedies.MinibatchDiscrimination.Enabled = false");
        if (options.Networks.DiscriminatorNormalizationInUse is (GanNormalization.BatchNorm, var discriminator))
            yield return ($"{discriminator} = BatchNorm", true, $"{discriminator} = GanNormalization.LayerNorm");
        if (options.Networks.GeneratorNormalizationInUse is (GanNormalization.BatchNorm, var generator))
            yield return ($"{generator} = BatchNorm", false, $"{generator} = GanNormalization.LayerNorm");
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
        int packing = options.Remedies.Packing.Degree;
        if (packing > rows)
        {
            changes.Add("Remedies.Packing.Degree = 1");
            packing = 1;
        }
        changes.Add(string.Format(c, "Schedule.BatchSize = {0}", rows / packing * packing));
        return string.Format(c, "No Schedule.BatchSize satisfies all of them with {0} training row{1}: train on more rows, or set {2}.",
            rows, rows == 1 ? "" : "s", string.Join(", ", changes));
    }

    private static int RoundUp(int value, int multiple) => (int)Math.Min(int.MaxValue / multiple * (long)multiple, ((long)value + multiple - 1) / multiple * multiple);
}
