using System.Globalization;

namespace MLGan;

/// <summary>Checks of single option values; each message names the option by its path under <see cref="GanOptions"/>.</summary>
internal static class OptionChecks
{
    internal static void RequireSet(object? group, string option)
    {
        if (group is null)
            throw new ArgumentNullException(option, $"GanOptions.{option} must be set (it holds settings with defaults; assign a new instance rather than null).");
    }

    internal static void RequireName(string? value, string option, string what = "a column")
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ArgumentException($"GanOptions.{option} must name {what} (got '{value}').", option);
    }

    internal static void RequirePositive(double value, string option)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(option, value, $"GanOptions.{option} must be a positive finite number (got {value}).");
    }

    internal static void RequireBeta(double value, string option)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(option, value, $"GanOptions.{option} is an Adam beta and must be in [0, 1) (got {value}).");
    }

    internal static void RequireLayers(int[]? layers, string option)
    {
        if (layers is null)
            throw new ArgumentNullException(option, $"GanOptions.{option} must be an array of layer widths (use an empty array for no hidden layer).");
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] <= 0)
                throw new ArgumentOutOfRangeException(option, layers[i], $"GanOptions.{option}[{i}] must be a positive layer width (got {layers[i]}).");
        }
    }

    internal static void RequireDefined<T>(T value, string option) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
            throw new ArgumentOutOfRangeException(option, value, $"GanOptions.{option} = {value} is not a known {typeof(T).Name}; use one of: {string.Join(", ", Enum.GetNames<T>())}.");
    }

    internal static void RequireNonNegative(double value, string option)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(option, value, $"GanOptions.{option} must be 0 (off) or a positive finite number (got {value.ToString(CultureInfo.InvariantCulture)}).");
    }

    internal static void RequireInRange(double value, double min, double max, string option)
    {
        if (!(value >= min && value <= max))
            throw new ArgumentOutOfRangeException(option, value, string.Format(CultureInfo.InvariantCulture,
                "GanOptions.{0} must be in [{1}, {2}] (got {3}).", option, min, max, value));
    }
}
