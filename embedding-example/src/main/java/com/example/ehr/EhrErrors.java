package com.example.ehr;

import jakarta.json.Json;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.phirecords.error.RecordsException;

/** The vendor maps the module's stable error codes to its own responses. */
@Provider
public class EhrErrors implements ExceptionMapper<RecordsException> {
  @Override
  public Response toResponse(RecordsException e) {
    return Response.status(e.errorCode().httpStatus())
        .entity(Json.createObjectBuilder().add("code", e.errorCode().code()).build())
        .build();
  }
}
