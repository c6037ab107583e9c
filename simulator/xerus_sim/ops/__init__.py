"""Operations: firmware image, upload and update cycle; diagnostic data."""
