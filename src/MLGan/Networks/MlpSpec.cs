namespace MLGan.Networks;

/// <summary>Everything needed to rebuild an MLP generator: saved with the model so a loader can recreate it.</summary>
internal sealed record MlpSpec(int InputSize, IReadOnlyList<int> HiddenSizes, int OutputSize, GanActivation Activation, GanNormalization Normalization) : INetworkSpec
{
    public const string TypeTag = "mlp";

    public string Kind => TypeTag;

    public long[] InputShape => new long[] { InputSize };

    public long[] OutputShape => new long[] { OutputSize };

    public double ParameterCount
    {
        get
        {
            var hidden = new HiddenLayers(HiddenSizes, Activation, Normalization);
            return hidden.ParameterCount(InputSize) + ((double)hidden.OutputSize(InputSize) + 1) * OutputSize;
        }
    }

    public GanNetwork Build(string name) => new Mlp(name, this);

    public void Write(BinaryWriter writer)
    {
        writer.Write(InputSize);
        HiddenLayers.WriteSizes(writer, HiddenSizes);
        writer.Write(OutputSize);
        writer.Write((int)Activation);
        writer.Write((int)Normalization);
    }

    public static MlpSpec Read(BinaryReader reader)
    {
        int input = reader.ReadInt32();
        var hidden = HiddenLayers.ReadSizes(reader);
        int output = reader.ReadInt32();
        var activation = (GanActivation)reader.ReadInt32();
        var normalization = (GanNormalization)reader.ReadInt32();
        var spec = new MlpSpec(input, hidden, output, activation, normalization);
        if (input <= 0 || output <= 0 || hidden.Any(h => h <= 0) || !Enum.IsDefined(activation) || !Enum.IsDefined(normalization))
            throw new InvalidDataException($"invalid network description {spec}");
        return spec;
    }

    public override string ToString()
        => $"{InputSize} -> [{string.Join(", ", HiddenSizes)}] -> {OutputSize} ({Activation}, {Normalization})";
}
