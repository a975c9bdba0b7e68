using System.Collections;
using System.Globalization;
using System.Reflection;

namespace MLGan.Tests;

/// <summary>
/// Compares option objects (e.g. <see cref="GanOptions"/>) as whole trees by reflection: public instance fields and
/// public settable properties, recursing into class-typed members and collections, so options regrouped into nested
/// sub-option objects are still compared member by member. Differences are reported by full path, e.g.
/// <c>GanOptions.Monitor.Interval: expected 1000, got 500</c>.
/// </summary>
internal static class OptionTree
{
    private const int MaxDepth = 32; // a guard against reference cycles; option trees are a few levels deep

    /// <summary>Every member of <paramref name="actual"/> that differs from <paramref name="expected"/>, by full path.</summary>
    public static IEnumerable<string> Differences(object? expected, object? actual, string path = "GanOptions")
    {
        var differences = new List<string>();
        Compare(expected, actual, path, 0, differences);
        return differences;
    }

    /// <summary>
    /// The full path of every leaf the comparison visits in <paramref name="root"/>: each primitive, enum, string or
    /// other value-type member, each null member and each collection element.
    /// </summary>
    public static IEnumerable<string> Leaves(object? root, string path = "GanOptions")
    {
        var leaves = new List<string>();
        Collect(root, path, 0, leaves);
        return leaves;
    }

    private static void Compare(object? expected, object? actual, string path, int depth, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
                differences.Add($"{path}: expected {Describe(expected)}, got {Describe(actual)}");
            return;
        }
        if (expected.GetType() != actual.GetType())
        {
            differences.Add($"{path}: expected a {expected.GetType().Name}, got a {actual.GetType().Name}");
            return;
        }
        if (IsLeaf(expected.GetType()))
        {
            if (!Equals(expected, actual))
                differences.Add($"{path}: expected {Describe(expected)}, got {Describe(actual)}");
            return;
        }
        if (depth >= MaxDepth)
        {
            differences.Add($"{path}: nested deeper than {MaxDepth} levels (a reference cycle?)");
            return;
        }
        if (expected is IEnumerable expectedItems)
        {
            var e = expectedItems.Cast<object?>().ToList();
            var a = ((IEnumerable)actual).Cast<object?>().ToList();
            if (e.Count != a.Count)
                differences.Add($"{path}: expected {e.Count} elements [{string.Join(", ", e.Select(Describe))}], got {a.Count} [{string.Join(", ", a.Select(Describe))}]");
            for (int i = 0; i < Math.Min(e.Count, a.Count); i++)
                Compare(e[i], a[i], $"{path}[{i}]", depth + 1, differences);
            return;
        }
        foreach (var member in Members(expected.GetType()))
            Compare(member.Get(expected), member.Get(actual), $"{path}.{member.Name}", depth + 1, differences);
    }

    private static void Collect(object? value, string path, int depth, List<string> leaves)
    {
        if (value is null || IsLeaf(value.GetType()) || depth >= MaxDepth)
        {
            leaves.Add(path);
            return;
        }
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items)
                Collect(item, $"{path}[{i++}]", depth + 1, leaves);
            return;
        }
        foreach (var member in Members(value.GetType()))
            Collect(member.Get(value), $"{path}.{member.Name}", depth + 1, leaves);
    }

    /// <summary>Compared with Equals: primitives, enums, strings, decimals and other value types (nullable ones arrive boxed as their value).</summary>
    private static bool IsLeaf(Type type) => type.IsValueType || type == typeof(string);

    /// <summary>Public instance fields and public properties with a public getter and setter (no indexers), in declaration order.</summary>
    private static IEnumerable<(string Name, Func<object, object?> Get)> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        foreach (var field in type.GetFields(flags))
            yield return (field.Name, field.GetValue);
        foreach (var property in type.GetProperties(flags))
        {
            if (property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true } && property.SetMethod is { IsPublic: true })
                yield return (property.Name, property.GetValue);
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f when value.GetType().IsPrimitive => f.ToString(null, CultureInfo.InvariantCulture),
        _ when value.GetType().IsValueType => value.ToString() ?? "?",
        IEnumerable items => $"{value.GetType().Name} [{string.Join(", ", items.Cast<object?>().Select(Describe))}]",
        _ => $"a {value.GetType().Name}",
    };
}
