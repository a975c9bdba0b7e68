using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.MLNetInternals;

/// <summary>Builds <see cref="SchemaShape"/>s (whose column constructor ML.NET keeps internal).</summary>
internal static class SchemaShapes
{
    /// <summary><paramref name="input"/> with a known-size vector-of-Single column <paramref name="name"/> added or replaced.</summary>
    public static SchemaShape WithSingleVector(SchemaShape input, string name)
    {
        var columns = input.ToDictionary(c => c.Name);
        columns[name] = new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, isKey: false);
        return new SchemaShape(columns.Values);
    }
}
