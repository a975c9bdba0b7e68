using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Plotting;

/// <summary>Reads the rows a plot draws, with the checks every user tensor gets: the column, its type, finite values.</summary>
internal static class PlotData
{
    /// <summary>The first <paramref name="maxRows"/> rows of a known-size vector column of Single.</summary>
    /// <exception cref="ArgumentException">The column is missing, not such a vector, empty, or holds a non-finite value.</exception>
    public static float[][] ReadVectors(IDataView data, string columnName, string dataName, int maxRows)
    {
        var column = Column(data, columnName, dataName);
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, Size: > 0 } || item.RawType != typeof(float))
            throw new ArgumentException(
                $"Column '{columnName}' of the {dataName} is {column.Type}; plots take a known-size vector of Single (e.g. [VectorType(2)] float[]).",
                nameof(data));
        var rows = data.GetColumn<float[]>(column).Take(maxRows).ToArray();
        if (rows.Length == 0)
            throw new ArgumentException($"The {dataName} has no rows to plot.", nameof(data));
        for (int r = 0; r < rows.Length; r++)
        {
            int bad = Array.FindIndex(rows[r], v => !float.IsFinite(v));
            if (bad >= 0)
                throw new ArgumentException($"The {dataName} holds {rows[r][bad]} at row {r}, slot {bad} of column '{columnName}'; plots take finite values only.", nameof(data));
        }
        return rows;
    }

    /// <summary>The column named <paramref name="columnName"/>, or an error that lists the columns there are.</summary>
    public static DataViewSchema.Column Column(IDataView data, string columnName, string dataName)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (string.IsNullOrWhiteSpace(columnName))
            throw new ArgumentException("A column name is required.", nameof(columnName));
        return data.Schema.GetColumnOrNull(columnName)
            ?? throw new ArgumentException(
                $"The {dataName} has no column '{columnName}'; its columns: {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"))}.",
                nameof(columnName));
    }

    /// <summary>Whether <paramref name="value"/> lies in [<paramref name="min"/>, <paramref name="max"/>], or an error naming the option.</summary>
    public static void RequireInRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
    }
}
