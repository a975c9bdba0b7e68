using TorchSharp;
using static TorchSharp.torch;

namespace MLGan.Networks;

/// <summary>How the hidden blocks of a network are built: one place for the generator's and the discriminator's.</summary>
/// <param name="SpectralNorm">Spectral-normalized linear layers (<see cref="SpectralLinear"/>).</param>
/// <param name="Dropout">Dropout probability after each block's activation; 0 for none.</param>
internal sealed record HiddenLayers(IReadOnlyList<int> Sizes, GanActivation Activation, GanNormalization Normalization, bool SpectralNorm = false, double Dropout = 0)
{
    /// <summary>Width of the last hidden block's output (the input width when there is none).</summary>
    public int OutputSize(int inputSize) => Sizes.Count > 0 ? Sizes[^1] : inputSize;

    /// <summary>
    /// Blocks of linear, optional normalization, activation and optional dropout. Names (linear0, norm0, act0, ...)
    /// are the keys of saved weights: do not rename without a versioned migration.
    /// </summary>
    public nn.Module<Tensor, Tensor> Build(int inputSize)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int width = inputSize;
        int units = GanActivationModules.LinearUnitsPerHiddenUnit(Activation);
        for (int i = 0; i < Sizes.Count; i++)
        {
            int linearOut = Sizes[i] * units;
            layers.Add(($"linear{i}", Linear(width, linearOut, SpectralNorm)));
            if (Normalization == GanNormalization.BatchNorm)
                layers.Add(($"norm{i}", BatchNorm.OneD(linearOut)));
            else if (Normalization == GanNormalization.LayerNorm)
                layers.Add(($"norm{i}", nn.LayerNorm(linearOut)));
            layers.Add(($"act{i}", GanActivationModules.Create(Activation)));
            if (Dropout > 0)
                layers.Add(($"drop{i}", new SeededDropout(Dropout)));
            width = Sizes[i];
        }
        return nn.Sequential(layers);
    }

    /// <summary>Parameters of the hidden blocks on <paramref name="inputSize"/> inputs (linear layers and normalization weights).</summary>
    public double ParameterCount(int inputSize)
    {
        double count = 0, width = inputSize;
        int units = GanActivationModules.LinearUnitsPerHiddenUnit(Activation);
        foreach (int size in Sizes)
        {
            double linearOut = (double)size * units;
            count += width * linearOut + linearOut + (Normalization == GanNormalization.None ? 0 : 2 * linearOut);
            width = size;
        }
        return count;
    }

    /// <summary>Layer widths in a spec's saved form: <c>int32 n; int32[n]</c>.</summary>
    public static void WriteSizes(BinaryWriter writer, IReadOnlyList<int> sizes)
    {
        writer.Write(sizes.Count);
        foreach (int size in sizes)
            writer.Write(size);
    }

    /// <summary>Reads <see cref="WriteSizes"/>'s form; at most 1024 layers (a spec's other values are checked by its reader).</summary>
    public static int[] ReadSizes(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > 1024)
            throw new InvalidDataException($"implausible hidden layer count {count}");
        var sizes = new int[count];
        for (int i = 0; i < count; i++)
            sizes[i] = reader.ReadInt32();
        return sizes;
    }

    public static nn.Module<Tensor, Tensor> Linear(int input, int output, bool spectralNorm)
        => spectralNorm ? new SpectralLinear(input, output) : nn.Linear(input, output);
}
