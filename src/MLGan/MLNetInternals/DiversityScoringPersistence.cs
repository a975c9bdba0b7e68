using Microsoft.ML;
using Microsoft.ML.Runtime;
using MLGan;
using MLGan.Diversity;
using MLGan.MLNetInternals;
using MLGan.Persistence;

[assembly: LoadableClass(typeof(DiversityScoringTransformer), typeof(DiversityScoringPersistence), null, typeof(SignatureLoadModel),
    "Diversity scorer", DiversityScoringPersistence.LoaderSignature)]

namespace MLGan.MLNetInternals;

/// <summary>Saves and loads a <see cref="DiversityScoringTransformer"/> (state format: <see cref="DiversityReferenceFormat"/>).</summary>
internal static class DiversityScoringPersistence
{
    public const string LoaderSignature = "MLGanDiversityScorer";
    private const string Stream = "DiversityReference.bin";

    private static VersionInfo GetVersionInfo() => ModelStreams.Version("MLGANDIV", LoaderSignature);

    public static void Save(ModelSaveContext ctx, DiversityReference reference, DiversityColumnNames names)
        => ModelStreams.Save(ctx, GetVersionInfo(), Stream, writer => DiversityReferenceFormat.Write(writer, reference, names));

    private static DiversityScoringTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        var (reference, names) = ModelStreams.Load(ctx, GetVersionInfo(), Stream, reader => Tuple.Create(DiversityReferenceFormat.Read(reader))).Item1;
        return new DiversityScoringTransformer(reference, names);
    }
}
