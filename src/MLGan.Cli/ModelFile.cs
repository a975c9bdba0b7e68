using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLGan.Cli;

/// <summary>A saved model as the tool reads it: the generator, and the table columns its vector is made of.</summary>
internal sealed record ModelFile(ITransformer Model, GanTransformer Gan, DataViewSchema InputSchema, IReadOnlyList<string> FeatureNames)
{
    public static ModelFile Load(MLContext mlContext, FileInfo file)
    {
        if (!file.Exists)
            throw new UsageException($"model file '{file.FullName}' not found");
        var model = mlContext.Gan().LoadModel(file.FullName, out var schema);
        var chain = model as IEnumerable<ITransformer> ?? new[] { model };
        var gan = chain.OfType<GanTransformer>().LastOrDefault()
            ?? throw new UsageException($"'{file.FullName}' is an ML.NET model without a GAN generator in it");
        // The feature vector as the GAN saw it: a model trained by 'mlgan train' concatenates named table columns,
        // which ML.NET records as the vector's slot names; other vectors are named by position.
        var featureSchema = chain.TakeWhile(t => t != gan).Aggregate(schema, (current, t) => t.GetOutputSchema(current));
        var column = featureSchema.GetColumnOrNull(gan.FeatureColumnName);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        if (column is { } c && c.HasSlotNames())
            c.GetSlotNames(ref slotNames);
        var names = slotNames.Length == gan.FeatureSize && slotNames.DenseValues().All(n => !n.IsEmpty)
            ? slotNames.DenseValues().Select(n => n.ToString()).ToArray()
            : Enumerable.Range(0, gan.FeatureSize).Select(i => $"{gan.OutputColumnName}[{i}]").ToArray();
        return new ModelFile(model, gan, schema, names);
    }
}
