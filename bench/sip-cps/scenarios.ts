// SIPp scenarios of the calls-per-second benchmark: a short call through whatever sits between
// the two SIPp instances (nothing, a proxy, the platform). The UAC follows Record-Route (rrs) so
// ACK and BYE also cross a record-routing middle box; rtd 1 is INVITE → 180 (post-dial delay).

const SDP = `v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0 8
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000`;

/** The caller: INVITE, 100 (optional), 180 (timed), 200, ACK, hold ([-d]), BYE, 200. */
export const UAC_SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="sip-cps uac">
  <send retrans="500" start_rtd="1">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:[caller]@[local_ip]:[local_port]>
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      ${SDP}
    ]]>
  </send>
  <recv response="100" optional="true"/>
  <!-- A multi-process relay (Kamailio's UDP workers) may deliver the 180 after the 200, which is
       legal over UDP: the caller runs without SIPp's "abortunexp" behaviour (see step.ts), so a
       late provisional is ignored instead of aborting the call. -->
  <recv response="180" optional="true" rtd="1"/>
  <recv response="183" optional="true"/>
  <recv response="200" rrs="true"/>
  <send>
    <![CDATA[
      ACK [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      [routes]
      From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <pause/>
  <send retrans="500">
    <![CDATA[
      BYE [next_url] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
      [routes]
      From: <sip:[caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Max-Forwards: 70
      Content-Length: 0
    ]]>
  </send>
  <recv response="200" crlf="true"/>
  <ResponseTimeRepartition value="1, 2, 5, 10, 20, 50, 100, 200, 500"/>
</scenario>
`;

/** The callee: rings, answers at once, takes ACK and BYE. */
export const UAS_SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="sip-cps uas">
  <recv request="INVITE" crlf="true"/>
  <send>
    <![CDATA[
      SIP/2.0 180 Ringing
      [last_Via:]
      [last_Record-Route:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:callee@[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0
    ]]>
  </send>
  <send retrans="500">
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_Record-Route:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:callee@[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      ${SDP}
    ]]>
  </send>
  <recv request="ACK" crlf="true"/>
  <recv request="BYE"/>
  <send>
    <![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]>
  </send>
  <timewait milliseconds="2000"/>
</scenario>
`;
